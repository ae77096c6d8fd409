/**
 * The Stripe CLI listener end to end: the real `stripe listen` binary (@stripe/cli 1.52.0) against the training
 * simulator, forwarding to the listener's receiver, which verifies each delivery and hands it to the event
 * processor. Orders are made through `checkout.pay` as the renderer makes them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDurability } from '#core/db/durability';
import { createEventProcessor } from '#core/events/event-processor';
import {
  createStripeCliListener,
  type SpawnCli,
  type StripeCliListener,
  type StripeCliListenerOptions,
} from '#core/events/stripe-cli-listener';
import { resolveStripeCliBinary, StripeCliMissingError, unpackedAsarPath } from '#core/events/stripe-cli-binary';
import { parseStderrLine } from '#core/events/stripe-cli-output';
import { createOrderStore } from '#core/orders/order-store';
import { createAttemptStore } from '#core/payments/attempt-store';
import { createLinkStore } from '#core/payments/link-store';
import type { PaymentOutcome } from '#shared/contract';
import { payOnHostedPage } from '../support/hosted-checkout';
import { sendLink } from '../support/send-link';
import { startTill, type TestTill } from '../support/till';
import { waitFor } from '../support/wait-for';

const hasBinary = (() => {
  try {
    resolveStripeCliBinary();
    return true;
  } catch {
    return false;
  }
})();

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A pino logger with no redaction at all, so the test sees exactly what the listener logs. */
function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { log: pino({ level: 'debug', base: undefined }, stream), text: () => lines.join('') };
}

describe.skipIf(!hasBinary)('Stripe CLI listener (real stripe listen, simulator)', () => {
  let core: TestTill;
  let stripe: Stripe;
  let listener: StripeCliListener;
  const logs = captureLogger();
  const spawned: { child: ChildProcess; args: string[]; env: NodeJS.ProcessEnv }[] = [];
  const trackingSpawn: SpawnCli = (command, args, options) => {
    const child = spawn(command, args, options);
    spawned.push({ child, args, env: options.env ?? {} });
    return child;
  };
  const extraListeners: StripeCliListener[] = [];
  let readyCalls = 0;

  const simulator = () => core.training!.simulator;
  const order = (id: string) => createOrderStore(core.till.db).get(id)!;
  const cliEvents = (orderId: string, type: string) =>
    core.till.db
      .prepare('SELECT count(*) FROM stripe_events WHERE source = ? AND order_id = ? AND type = ?')
      .pluck()
      .get('stripe_cli', orderId, type) as number;

  function makeListener(overrides: Partial<StripeCliListenerOptions> = {}): StripeCliListener {
    const db = core.till.db;
    return createStripeCliListener({
      secretKey: simulator().keys.secret,
      apiBase: simulator().url,
      processor: createEventProcessor({
        db,
        durability: createDurability(db),
        orders: createOrderStore(db),
        attempts: createAttemptStore(db),
        push: core.till.push,
        log: logs.log,
      }),
      stripe,
      push: core.till.push,
      log: logs.log,
      backoff: { initialMs: 100, maxMs: 400 },
      stopGraceMs: 2_000,
      spawn: trackingSpawn,
      onReady: () => readyCalls++,
      ...overrides,
    });
  }

  async function pay(card: string): Promise<PaymentOutcome> {
    const result = await core.call<PaymentOutcome>('checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'product', productId: core.productId('HH-100'), quantity: 1 }] },
      customer: { name: 'A', phone: '2505550101', email: '' },
      note: '',
      confirmationTokenId: await core.confirmationToken(card),
    });
    if (!result.ok) throw new Error(`checkout.pay failed: ${result.error.message}`);
    return result.value;
  }

  beforeAll(async () => {
    core = await startTill({ training: true });
    stripe = new Stripe(simulator().keys.secret, {
      host: '127.0.0.1',
      port: simulator().port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    listener = makeListener();
    listener.start();
    await waitFor(() => listener.health().connected, 'the CLI to be Ready');
  });

  afterAll(async () => {
    await Promise.all([listener, ...extraListeners].map((l) => l?.stop()));
    for (const { child } of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await core?.stop();
  });

  it('runs `stripe listen` with the key in its environment, not on its command line', () => {
    const first = spawned[0]!;
    expect(first.args.join(' ')).not.toContain(simulator().keys.secret);
    expect(first.args).toEqual([
      'listen',
      '--forward-to',
      listener.receiverUrl(),
      '--events',
      expect.stringContaining('payment_intent.succeeded,payment_intent.payment_failed'),
      '--skip-update',
      '--api-base',
      simulator().url,
    ]);
    expect(first.env).toMatchObject({
      STRIPE_API_KEY: simulator().keys.secret,
      STRIPE_CLI_TELEMETRY_OPTOUT: '1',
      STRIPE_NO_AUTO_UPDATE: '1',
    });
    expect(listener.receiverUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/stripe-events\/[A-Za-z0-9_-]{20,}$/);
    const pid = listener.pid()!;
    if (existsSync(`/proc/${pid}/cmdline`)) {
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(simulator().keys.secret);
    }
    expect(listener.health()).toMatchObject({ source: 'stripe_cli', connected: true, lastError: null });
  });

  it('a 4242 payment: payment_intent.succeeded arrives through the CLI and the order is paid', async () => {
    const outcome = await pay('4242424242424242');
    expect(outcome.status).toBe('paid');
    await waitFor(() => cliEvents(outcome.orderId, 'payment_intent.succeeded') === 1, 'payment_intent.succeeded');
    expect(order(outcome.orderId).status).toBe('paid');
    expect(listener.health().lastEventAt).toEqual(expect.any(Number));
  });

  it('a declined card: payment_intent.payment_failed arrives through the CLI and the order is failed', async () => {
    const outcome = await pay('4000000000000002');
    expect(outcome.status).toBe('declined');
    await waitFor(() => cliEvents(outcome.orderId, 'payment_intent.payment_failed') === 1, 'payment_failed');
    expect(order(outcome.orderId).status).toBe('failed');
  });

  it('refunds made in Stripe: partially_refunded, then refunded (only events move these)', async () => {
    const outcome = await pay('4242424242424242');
    const paid = order(outcome.orderId);
    const intent = paid.paymentIntentId!;
    await waitFor(() => cliEvents(paid.id, 'payment_intent.succeeded') === 1, 'payment_intent.succeeded');

    await stripe.refunds.create({ payment_intent: intent, amount: 500 });
    await waitFor(() => order(paid.id).status === 'partially_refunded', 'partially_refunded');
    expect(order(paid.id).amountRefunded).toBe(500);

    await stripe.refunds.create({ payment_intent: intent });
    await waitFor(() => order(paid.id).status === 'refunded', 'refunded');
    expect(order(paid.id).amountRefunded).toBe(paid.total);
    expect(cliEvents(paid.id, 'refund.created')).toBe(2);
  });

  it('a dispute: disputed (needs_response), then closed as won after evidence', async () => {
    const outcome = await pay('4000000000000259');
    expect(outcome.status).toBe('paid');
    const intent = order(outcome.orderId).paymentIntentId!;
    simulator().admin.runPendingJobs();
    await waitFor(() => order(outcome.orderId).status === 'disputed', 'disputed');
    expect(order(outcome.orderId).disputeStatus).toBe('needs_response');
    // The CLI forwards events side by side: another of the dispute's events may have marked the order first.
    await waitFor(() => cliEvents(outcome.orderId, 'charge.dispute.created') === 1, 'charge.dispute.created');

    const [dispute] = (await stripe.disputes.list({ payment_intent: intent })).data;
    await stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    await waitFor(() => order(outcome.orderId).disputeStatus === 'under_review', 'under_review');
    simulator().admin.runPendingJobs();
    await waitFor(() => cliEvents(outcome.orderId, 'charge.dispute.closed') === 1, 'charge.dispute.closed');
    expect(order(outcome.orderId)).toMatchObject({ disputeStatus: 'won', status: 'paid' });
  });

  const linkOf = (orderId: string) => createLinkStore(core.till.db).latest(orderId)!;

  it('a link paid on the hosted page: its events arrive through the CLI, the link is complete, the order paid', async () => {
    const sent = await sendLink(core);
    expect((await payOnHostedPage(sent.url!, '4242424242424242')).status).toBe(303);
    await waitFor(() => cliEvents(sent.orderId, 'checkout.session.completed') === 1, 'checkout.session.completed');
    await waitFor(() => cliEvents(sent.orderId, 'payment_intent.succeeded') === 1, 'payment_intent.succeeded');
    expect(linkOf(sent.orderId).status).toBe('complete');
    expect(order(sent.orderId)).toMatchObject({ status: 'paid', paymentState: 'paid' });
  });

  it('an expired link: checkout.session.expired arrives through the CLI and the link shows expired', async () => {
    const sent = await sendLink(core);
    await stripe.checkout.sessions.expire(linkOf(sent.orderId).sessionId!);
    await waitFor(() => cliEvents(sent.orderId, 'checkout.session.expired') === 1, 'checkout.session.expired');
    expect(linkOf(sent.orderId).status).toBe('expired');
    expect(order(sent.orderId).paymentState).toBe('open');
  });

  it('refuses forged deliveries (400) and stores nothing', async () => {
    /** Events the log holds that Stripe (the simulator) never sent. Late real deliveries may still arrive meanwhile. */
    const notFromStripe = () =>
      (core.till.db.prepare('SELECT id FROM stripe_events').pluck().all() as string[]).filter(
        (id) => !simulator().events.get(id),
      );
    expect(notFromStripe()).toEqual([]);
    const payload = JSON.stringify({
      id: 'evt_forged_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 'pi_forged', object: 'payment_intent', metadata: {} } },
    });
    const post = (signature: string, url = listener.receiverUrl()!) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      });

    const wrongSecret = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_not_the_cli_secret' });
    expect((await post(wrongSecret)).status).toBe(400);
    expect((await post('t=1,v1=deadbeef')).status).toBe(400);
    expect((await post('')).status).toBe(400);
    // The right secret on the wrong path: nothing listens there.
    const signed = stripe.webhooks.generateTestHeaderString({ payload, secret: simulator().webhookSecret });
    expect((await post(signed, listener.receiverUrl()!.replace(/[^/]+$/, 'guess'))).status).toBe(404);

    expect(notFromStripe()).toEqual([]);
    expect(core.till.db.prepare("SELECT count(*) FROM stripe_events WHERE id = 'evt_forged_1'").pluck().get()).toBe(0);
    expect(logs.text()).toContain('signature does not verify');
  });

  it('restarts the CLI after it is killed and keeps delivering', async () => {
    const readyBefore = readyCalls;
    const firstPid = listener.pid()!;
    const count = spawned.length;
    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => !listener.health().connected, 'disconnected');
    expect(listener.health().lastError).toMatch(/SIGKILL/);
    await waitFor(() => listener.health().connected && listener.pid() !== firstPid, 'the restarted CLI');
    expect(spawned.length).toBe(count + 1);
    expect(isAlive(firstPid)).toBe(false);
    expect(readyCalls).toBe(readyBefore + 1); // the moment for a catch-up poll

    const outcome = await pay('4242424242424242');
    await waitFor(() => cliEvents(outcome.orderId, 'payment_intent.succeeded') === 1, 'delivery after restart');
  });

  it('reports why the CLI fails and retries with backoff', async () => {
    const count = spawned.length;
    const broken = makeListener({ apiBase: 'http://localhost:1' }); // the CLI refuses anything but a loopback IP
    extraListeners.push(broken);
    broken.start();
    await waitFor(() => spawned.length >= count + 2, 'two attempts');
    expect(broken.health()).toMatchObject({
      connected: false,
      lastError: expect.stringMatching(/invalid API base URL/i),
    });
    await broken.stop();
    const after = spawned.length;
    for (const { child } of spawned.slice(count))
      expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3 * 400)); // three times the longest backoff: nothing restarts
    expect(spawned.length).toBe(after);
  });

  it('reports a binary that cannot run, and keeps trying', async () => {
    const count = spawned.length;
    const missing = makeListener({ binaryPath: '/nonexistent/stripe' });
    extraListeners.push(missing);
    missing.start();
    await waitFor(() => spawned.length >= count + 2, 'two attempts');
    expect(missing.health()).toMatchObject({ connected: false, lastError: expect.stringMatching(/ENOENT/) });
    await missing.stop();
  });

  it('never logs the secret key or the signing secret', () => {
    const text = logs.text();
    expect(text).toContain('Stripe CLI ready');
    expect(text).not.toContain(simulator().keys.secret);
    expect(text).not.toContain(simulator().webhookSecret);
    expect(text).not.toMatch(/whsec_[A-Za-z0-9]{8,}/);
  });

  it('stop() leaves no stripe process, closes the receiver and does not restart', async () => {
    const url = listener.receiverUrl()!;
    await listener.stop();
    for (const { child } of spawned) {
      expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
      expect(isAlive(child.pid!)).toBe(false);
    }
    expect(listener.pid()).toBeNull();
    expect(listener.receiverUrl()).toBeNull();
    expect(listener.health().connected).toBe(false);
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
    const count = spawned.length;
    await new Promise((resolve) => setTimeout(resolve, 3 * 400));
    expect(spawned.length).toBe(count);
  });

  it('starts again after stop(), even when start() comes while stop() is still running', async () => {
    listener.start();
    const stopping = listener.stop();
    listener.start();
    await stopping;
    await waitFor(() => listener.health().connected, 'Ready again');
    const outcome = await pay('4242424242424242');
    await waitFor(() => cliEvents(outcome.orderId, 'payment_intent.succeeded') === 1, 'delivery after a new start');
    await listener.stop();
    for (const { child } of spawned) expect(isAlive(child.pid!)).toBe(false);
  });
});

describe('Stripe CLI binary and output', () => {
  it('finds the binary of this platform', () => {
    if (!hasBinary) return;
    expect(existsSync(resolveStripeCliBinary())).toBe(true);
  });

  it('points into app.asar.unpacked in a packaged app', () => {
    const resolve = () =>
      'C:\\Program Files\\Till\\resources\\app.asar\\node_modules\\@stripe\\cli-win32-x64\\package.json';
    const path = resolveStripeCliBinary({ platform: 'win32', arch: 'x64', resolve, exists: () => true });
    expect(path).toMatch(
      /[\\/]app\.asar\.unpacked[\\/]node_modules[\\/]@stripe[\\/]cli-win32-x64[\\/]bin[\\/]stripe\.exe$/,
    );
    expect(unpackedAsarPath('/Applications/Till.app/Contents/Resources/app.asar/node_modules/x')).toBe(
      '/Applications/Till.app/Contents/Resources/app.asar.unpacked/node_modules/x',
    );
    expect(unpackedAsarPath('/r/app.asar.unpacked/node_modules/x')).toBe('/r/app.asar.unpacked/node_modules/x');
  });

  it('explains a missing platform package', () => {
    const resolve = () => {
      throw new Error('Cannot find module');
    };
    expect(() => resolveStripeCliBinary({ platform: 'freebsd', arch: 'x64', resolve })).toThrow(StripeCliMissingError);
    expect(() => resolveStripeCliBinary({ platform: 'freebsd', arch: 'x64', resolve })).toThrow(
      /@stripe\/cli-freebsd-x64/,
    );
  });

  it('reads the Ready line (with or without colour) and logrus lines', () => {
    expect(
      parseStderrLine(
        '> Ready! You are using Stripe API Version [2024-06-20]. Your webhook signing secret is \x1b[1mwhsec_abc123\x1b[0m (^C to quit)',
      ),
    ).toEqual({ kind: 'ready', secret: 'whsec_abc123', apiVersion: '2024-06-20' });
    expect(parseStderrLine('Ready! Your webhook signing secret is whsec_x9 (^C to quit)')).toEqual({
      kind: 'ready',
      secret: 'whsec_x9',
      apiVersion: null,
    });
    expect(
      parseStderrLine(
        'time="2026-01-01T00:00:00Z" level=fatal msg="Error while authenticating with Stripe: Authorization failed, status=401, body={\\"error\\":{}}"',
      ),
    ).toEqual({
      kind: 'log',
      level: 'fatal',
      message: 'Error while authenticating with Stripe: Authorization failed, status=401, body={"error":{}}',
    });
    expect(parseStderrLine('Session expired, reconnecting...')).toEqual({ kind: 'session_expired' });
  });
});
