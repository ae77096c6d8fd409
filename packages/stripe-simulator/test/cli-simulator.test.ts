/**
 * The real Stripe CLI (1.52.0) against the real simulator (`startSimulator`, which installs the CLI protocol
 * plugin): `stripe listen` forwarding to a local endpoint that verifies every signature with stripe-node,
 * PaymentIntents made with stripe-node, `stripe trigger`, `stripe events resend`, `stripe logs tail`, reconnects.
 */
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src';
import { stripeCliServer, type StripeCliServer } from '../src/cli-protocol';
import { eventually, hasStripeBinary, StripeCli, WebhookReceiver, type ListenHandle } from './support-cli';

type RunningSimulator = Awaited<ReturnType<typeof startSimulator>>;

/** Card-only confirmation without a return_url (as a card-present till does). */
const NO_REDIRECTS = { enabled: true, allow_redirects: 'never' } as const;

describe.skipIf(!hasStripeBinary)('Stripe CLI against the simulator', () => {
  let sim: RunningSimulator;
  let server: StripeCliServer;
  let stripe: Stripe;
  let cli: StripeCli;
  /** A `stripe listen --all-snapshot` running for the whole file, and its receiver. */
  let receiver: WebhookReceiver;
  let listen: ListenHandle;
  const extraReceivers: WebhookReceiver[] = [];

  const listenSession = () => {
    const session = server.sessions().find((s) => s.deviceName === 'till-tests-all');
    if (!session) throw new Error('the shared listen session is gone');
    return session;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, asyncDelayMs: 50 });
    server = stripeCliServer(sim);
    stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http' });
    cli = new StripeCli(() => ({ baseUrl: `http://127.0.0.1:${sim.port}`, secretKey: sim.keys.secret }));
    receiver = await new WebhookReceiver().start();
    listen = await cli.listen(['--device-name', 'till-tests-all', '--forward-to', receiver.url, '--all-snapshot']);
    receiver.secret = listen.secret;
  });
  afterEach(async () => {
    for (const r of extraReceivers.splice(0)) await r.stop();
    expect(receiver.failures(), 'every delivery must verify').toEqual([]);
  });
  afterAll(async () => {
    await cli?.cleanup();
    await receiver?.stop();
    await sim?.close();
  });

  it('`stripe listen` shows the simulator signing secret, as does `--print-secret`', async () => {
    expect(listen.secret).toBe(sim.webhookSecret);
    const printed = await cli.run(['listen', '--print-secret']);
    expect(printed.code, printed.describe()).toBe(0);
    expect(printed.stdout).toBe(sim.webhookSecret);
  });

  it('forwards the events of PaymentIntents made with stripe-node, every one signed, acked and answered', async () => {
    const intents: Stripe.PaymentIntent[] = [];
    for (const amount of [1250, 990]) {
      const created = await stripe.paymentIntents.create({
        amount,
        currency: 'gbp',
        automatic_payment_methods: NO_REDIRECTS,
      });
      intents.push(await stripe.paymentIntents.confirm(created.id, { payment_method: 'pm_card_visa' }));
    }
    expect(intents.map((pi) => pi.status)).toEqual(['succeeded', 'succeeded']);

    const expected = ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded'];
    await eventually(() => {
      for (const pi of intents) {
        for (const type of expected) {
          const objectId = type.startsWith('charge.') ? (pi.latest_charge as string) : pi.id;
          expect(receiver.events(type, objectId), `${type} for ${pi.id}`).toHaveLength(1);
        }
      }
    });

    const session = listenSession();
    const eventIds = intents.flatMap((pi) =>
      receiver
        .events()
        .filter((e) => [pi.id, pi.latest_charge].includes((e.data.object as { id: string }).id))
        .map((e) => e.id),
    );
    expect(eventIds).toHaveLength(6);
    await eventually(() => {
      for (const eventId of eventIds) {
        const [delivery] = server.deliveries({ eventId, sessionId: session.id, apiVersion: null });
        expect(delivery?.ackedAt, eventId).not.toBeNull();
        expect(delivery?.responses.map((r) => [r.forwardUrl, r.status])).toEqual([[receiver.url, 200]]);
      }
    });
    // The events are the simulator's own (same payload as GET /v1/events/:id).
    const fetched = await stripe.events.retrieve(eventIds[0]!);
    expect(receiver.events().find((e) => e.id === fetched.id)).toEqual(fetched);
  });

  it('`--events` forwards only the listed types', async () => {
    const only = await new WebhookReceiver().start();
    extraReceivers.push(only);
    const filtered = await cli.listen([
      '--device-name',
      'till-tests-filtered',
      '--forward-to',
      only.url,
      '--events',
      'payment_intent.succeeded,charge.succeeded',
    ]);
    only.secret = filtered.secret;
    const pi = await stripe.paymentIntents.create({
      amount: 500,
      currency: 'gbp',
      payment_method: 'pm_card_visa',
      automatic_payment_methods: NO_REDIRECTS,
      confirm: true,
    });
    await eventually(() =>
      expect(
        only
          .events()
          .map((e) => e.type)
          .sort(),
      ).toEqual(['charge.succeeded', 'payment_intent.succeeded']),
    );
    expect(only.failures()).toEqual([]);
    expect(only.events('payment_intent.succeeded', pi.id)).toHaveLength(1);
    await filtered.proc.stop();
  });

  it('`stripe trigger payment_intent.succeeded` succeeds and listen forwards the event', async () => {
    const result = await cli.run(['trigger', 'payment_intent.succeeded']);
    expect(result.code, result.describe()).toBe(0);
    expect(result.stdout).toContain('Trigger succeeded!');
    await eventually(() => {
      const events = receiver
        .events('payment_intent.succeeded')
        .filter((e) => (e.data.object as Stripe.PaymentIntent).description === '(created by Stripe CLI)');
      expect(events).toHaveLength(1);
    });
  });

  it.each([
    ['payment_intent.payment_failed', ['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']],
    ['charge.refunded', ['charge.succeeded', 'payment_intent.succeeded', 'charge.refunded']],
    ['charge.dispute.created', ['charge.succeeded', 'payment_intent.succeeded', 'charge.dispute.created']],
  ])('`stripe trigger %s` succeeds and listen forwards the events', async (trigger, types) => {
    const before = receiver.received.length;
    const result = await cli.run(['trigger', trigger]);
    expect(result.code, result.describe()).toBe(0);
    expect(result.stdout).toContain('Trigger succeeded!');
    await eventually(() => {
      const got = receiver.received.slice(before).map((r) => r.event?.type);
      for (const type of types) expect(got, `${type} after trigger ${trigger}`).toContain(type);
    });
  });

  it('`stripe events resend` re-delivers an event to listen', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: 'gbp' });
    await eventually(() => expect(receiver.events('payment_intent.created', pi.id)).toHaveLength(1));
    const eventId = receiver.events('payment_intent.created', pi.id)[0]!.id;

    const result = await cli.run(['events', 'resend', eventId]);
    expect(result.code, result.describe()).toBe(0);
    await eventually(() => expect(receiver.events('payment_intent.created', pi.id)).toHaveLength(2));
    const deliveries = server.deliveries({ eventId, sessionId: listenSession().id, apiVersion: null });
    expect(deliveries.map((d) => d.redelivery)).toEqual([false, true]);
    await eventually(() =>
      expect(server.deliveries({ eventId, sessionId: listenSession().id }).every((d) => d.ackedAt !== null)).toBe(true),
    );
  });

  it('the session survives a server-side close (1001): the CLI redials with the same id and events keep coming', async () => {
    const before = listenSession();
    expect(server.disconnect({ sessionId: before.id, code: 1001 })).toBe(1);
    // The CLI waits its 1 s close delay, then redials at once.
    await eventually(() =>
      expect(listenSession()).toMatchObject({ id: before.id, connectCount: before.connectCount + 1, connections: 1 }),
    );

    const pi = await stripe.paymentIntents.create({
      amount: 300,
      currency: 'gbp',
      payment_method: 'pm_card_visa',
      automatic_payment_methods: NO_REDIRECTS,
      confirm: true,
    });
    await eventually(() => expect(receiver.events('payment_intent.succeeded', pi.id)).toHaveLength(1));
    expect(listen.proc.stderrLines.filter((l) => l.startsWith('Ready!'))).toHaveLength(1);
    await eventually(() => expect(listenSession().pending).toBe(0));
  });

  it('exposes sessions and delivery status over HTTP (/_simulator/cli/…, secret key)', async () => {
    const get = (path: string, key = sim.keys.secret) =>
      fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    const sessions = (await (await get('/_simulator/cli/sessions')).json()) as { data: { id: string }[] };
    expect(sessions.data.map((s) => s.id)).toContain(listenSession().id);

    const eventId = receiver.events('payment_intent.succeeded')[0]!.id;
    const res = await get(`/_simulator/cli/deliveries?event=${eventId}&session=${listenSession().id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { eventId: string; apiVersion: string | null; responses: unknown[] }[] };
    expect(body.data.length).toBeGreaterThanOrEqual(2);
    expect(body.data.every((d) => d.eventId === eventId)).toBe(true);
    expect(body.data.find((d) => d.apiVersion === null)?.responses).toHaveLength(1);

    expect((await get('/_simulator/cli/deliveries', sim.keys.publishable)).status).toBe(401);
  });

  it('`stripe logs tail` shows API requests', async () => {
    const tail = cli.spawn(['logs', 'tail']);
    await tail.waitForLine('stderr', /Ready! You're now waiting to receive API request logs/);
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: 'gbp' });
    await tail.waitForLine('stdout', /\[200\] POST \/v1\/payment_intents \[req_\w+\]/);
    await stripe.paymentIntents.retrieve(pi.id);
    await tail.waitForLine('stdout', new RegExp(`\\[200\\] GET /v1/payment_intents/${pi.id} \\[req_\\w+\\]`));
    await tail.stop();
  });
});
