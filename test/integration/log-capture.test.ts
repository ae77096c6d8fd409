import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import pino from 'pino';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventsApiPoller } from '#core/events/events-api-poller';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger, type Logger } from '#core/log';
import { startTillHost, type TillHost } from '#core/till-host';
import type { Channel } from '#shared/channels';
import type { PaymentOutcome, RefundOutcome } from '#shared/contract';
import type { Result } from '#shared/result';
import { createFileKeyVault } from '../../src/web/file-key-vault';
import { previewShell } from '../../src/web/preview-shell';
import { createConfirmationToken } from '../support/confirmation-token';
import { setUpDemoShop, TEST_OWNER_PIN } from '../support/demo-shop';
import { findLeaks, TEST_CARD_NUMBERS } from '../support/leak-scan';
import { tempDir } from '../support/temp-dir';

/**
 * Issue 15: the logs of a full payment, 3D Secure, a refund and an event catch-up hold no secret and no card number.
 * Everything Till's logger writes, at its most detailed level, to the log file in the data folder where the app keeps
 * it (the host's own logger, every file of the rotation): payments paid, declined and through 3D Secure, a payment
 * whose answer was lost (logged with its error) and settled by reconciliation, refunds with the owner PIN (and one
 * with a wrong PIN), the Events API catching up on what checkout did not record.
 */

/** Ends the logger's file stream: every line written, every rotation done. */
const flush = (log: Logger) =>
  new Promise((resolve) =>
    ((log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as Writable).end(resolve),
  );

const readLogs = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');

describe('what the log file holds after payments, 3D Secure, refunds and an event catch-up', () => {
  const root = tempDir('till-log-capture-');
  const dataDir = join(root.path, 'Till');
  const logs = join(dataDir, 'logs');
  let host: TillHost;
  let stripe: Stripe;
  let text = '';
  /** Exact secrets the run handed around: the simulator's keys and every client secret Stripe sent. */
  const known: { kind: string; value: string }[] = [];

  /** The clerk's window, signed in by set-up as the owner. */
  const SESSION = { session: 'log-capture', window: 'checkout' } as const;
  const call = <T>(channel: Channel, input?: unknown) =>
    dispatch(host.till.handlers, channel, input, undefined, SESSION) as Promise<Result<T>>;
  const sim = () => host.training!.simulator;
  const payment = async (orderId: string, card: string, amount: number, note = 'leave at the back door') =>
    call<PaymentOutcome>('checkout.pay', {
      checkoutId: orderId,
      cart: { lines: [{ kind: 'custom', description: 'Gloves', unitPrice: amount, taxClass: 'standard' }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
      note,
      confirmationTokenId: await createConfirmationToken(sim().url, sim().keys.publishable, card),
    });
  async function pay(orderId: string, card: string, amount: number) {
    const result = await payment(orderId, card, amount);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }
  const refund = (orderId: string, amount: number, pin: string) =>
    call<RefundOutcome>('orders.refund', { orderId, amount, reason: 'requested_by_customer', note: '', pin });

  beforeAll(async () => {
    host = await startTillHost({
      dataDir,
      version: '0.0.0-test',
      env: {},
      vault: createFileKeyVault(dataDir),
      shell: previewShell,
      // The host's own file logger, at its most detailed level.
      logger: createLogger({ file: join(logs, 'till.log'), level: 'trace' }),
      // One try per Stripe call, so that a lost answer reaches the log rather than a silent retry.
      stripeRetry: { attempts: 1, delayMs: () => 5 },
      background: true,
    });
    await setUpDemoShop(host.till.handlers, undefined, SESSION);
    stripe = new Stripe(sim().keys.secret, { host: '127.0.0.1', port: sim().port, protocol: 'http' });
    known.push(
      { kind: 'secret key', value: sim().keys.secret },
      ...TEST_CARD_NUMBERS.map((value) => ({ kind: 'test card number', value })),
    );

    // A full payment (after a clerk typed the card into the note, which main refuses), a decline then another card,
    // 3D Secure completed.
    const paid = randomUUID();
    const typed = await payment(paid, '4242424242424242', 2895, 'card 4242 4242 4242 4242');
    expect(typed).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'note' } });
    expect((await pay(paid, '4242424242424242', 2895)).status).toBe('paid');
    const declined = randomUUID();
    expect((await pay(declined, '4000000000000002', 1899)).status).toBe('declined');
    expect((await pay(declined, '5555555555554444', 1899)).status).toBe('paid');
    const threeDS = randomUUID();
    const challenged = await pay(threeDS, '4000002500003155', 4250);
    expect(challenged.status).toBe('requires_action');
    const intent = host.till.db.prepare('SELECT payment_intent_id FROM orders WHERE id = ?').pluck().get(threeDS);
    const completed = await fetch(`${sim().url}/_simulator/3ds/${String(intent)}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim().keys.secret}` },
    });
    expect(completed.status).toBe(200);
    expect(await call('checkout.refresh', { orderId: threeDS })).toMatchObject({ ok: true, value: { status: 'paid' } });

    // Refunds: one with a wrong PIN (refused), then part and the rest with the owner's.
    expect(await refund(paid, 500, '1111')).toMatchObject({ ok: false, error: { field: 'pin' } });
    expect(await refund(paid, 500, TEST_OWNER_PIN)).toMatchObject({ ok: true });
    const total = host.till.db.prepare('SELECT total FROM orders WHERE id = ?').pluck().get(threeDS) as number;
    expect(await refund(threeDS, total, TEST_OWNER_PIN)).toMatchObject({ ok: true });

    // A payment whose answer is lost on the way back: logged with its error, then settled by reconciliation.
    sim().admin.setFaults({ kinds: ['drop_after'], count: 1, paths: ['/v1/payment_intents'] });
    const lost = randomUUID();
    await pay(lost, '4242424242424242', 1500);
    sim().admin.clearFaults();
    await host.till.reconciler!.run();

    // The Events API catches up on what Till did not record: a payment whose answer it forgot, a refund given in
    // Stripe's Dashboard.
    host.till.db
      .prepare("UPDATE orders SET payment_state = 'processing', status = 'processing' WHERE id = ?")
      .run(paid);
    const mastercard = host.till.db.prepare('SELECT payment_intent_id FROM orders WHERE id = ?').pluck().get(declined);
    await stripe.refunds.create({ payment_intent: String(mastercard), amount: 300 });
    const poller = createEventsApiPoller({
      stripe,
      processor: host.till.events,
      db: host.till.db,
      push: host.till.push,
      log: host.till.log,
    });
    expect(await poller.pollOnce()).toBeGreaterThan(0);
    await poller.stop();

    for await (const event of stripe.events.list({ limit: 100 })) {
      const secret = (event.data.object as { client_secret?: string | null }).client_secret;
      if (secret) known.push({ kind: 'client secret', value: secret });
    }
    const log = host.till.log;
    await host.close();
    await flush(log);
    text = readLogs(logs);
  }, 120_000);

  afterAll(() => root.cleanup());

  it('holds the run, at debug level, with errors and their details', () => {
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    const messages = lines.map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Till core started',
        'payment outcome unknown; kept for reconciliation',
        'events polled',
      ]),
    );
    expect(lines.some((line) => line.level === 20)).toBe(true); // debug
    expect(known.filter((secret) => secret.kind === 'client secret').length).toBeGreaterThan(3);
  });

  it('holds no secret key, webhook secret, client secret, PIN or card number', () => {
    expect(findLeaks(text, known)).toEqual([]);
  });

  it('the check finds each of them when they are there, and the logger takes them out', async () => {
    const clientSecret = known.find((secret) => secret.kind === 'client secret')!.value;
    const leaky = {
      key: sim().keys.secret,
      webhook: 'whsec_0123456789abcdefABCDEF',
      intent: { id: 'pi_1', client_secret: clientSecret, next_action: { url: `https://x/?s=${clientSecret}` } },
      pin: TEST_OWNER_PIN,
      pinAgain: TEST_OWNER_PIN,
      currentPin: 135790,
      note: 'card 4000 0025 0000 3155 exp 12/34',
      err: new Error(`declined 4242424242424242 with ${sim().keys.secret}`),
    };
    const raw = JSON.stringify({ ...leaky, err: leaky.err.message });
    expect(new Set(findLeaks(raw, known).map((leak) => leak.kind))).toEqual(
      new Set(['secret key', 'webhook secret', 'client secret', 'PIN', 'card number', 'test card number']),
    );

    const dir = tempDir('till-log-leaky-');
    try {
      const log = createLogger({ file: join(dir.path, 'till.log'), level: 'trace' });
      log.warn(leaky, `paying with ${leaky.note} and ${clientSecret}`);
      log.debug({ err: leaky.err }, 'a Stripe error');
      await flush(log);
      const written = readLogs(dir.path);
      expect(written).toContain('[card number]');
      expect(written).toContain('"pin":"[redacted]"');
      expect(findLeaks(written, known)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });
});
