import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventsApiPoller } from '#core/events/events-api-poller';
import { createLogger } from '#core/log';
import type { PaymentOutcome } from '#shared/contract';
import { payOnHostedPage } from '../support/hosted-checkout';
import { sendLink } from '../support/send-link';
import { startTill, type TestTill } from '../support/till';

/**
 * The Events API poller against the simulator: each case takes an order to a state that only events can tell
 * Till about (or undoes checkout's own write first), then polls and checks the order log.
 */
describe('EventsApiPoller', () => {
  let core: TestTill;
  let stripe: Stripe;
  let poller: ReturnType<typeof createEventsApiPoller>;

  beforeEach(async () => {
    core = await startTill({ training: true });
    const sim = core.training!.simulator;
    stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http', maxNetworkRetries: 0 });
    poller = createEventsApiPoller({
      stripe,
      processor: core.till.events,
      db: core.till.db,
      push: core.till.push,
      log: createLogger({ level: 'silent' }),
    });
  });
  afterEach(async () => {
    await poller.stop();
    await core.stop();
  });

  async function pay(card: string, sku = 'HH-100') {
    const result = await core.call<PaymentOutcome>('checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'product', productId: core.productId(sku), quantity: 1 }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: await core.confirmationToken(card),
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  const order = (id: string) =>
    core.till.db
      .prepare<
        [string],
        { status: string; payment_state: string; amount_refunded: number; dispute_status: string | null }
      >('SELECT status, payment_state, amount_refunded, dispute_status FROM orders WHERE id = ?')
      .get(id)!;
  /**
   * Pretends checkout never heard back from Stripe, so that only events can move the order: the log is put back to
   * what the pending write left (observed when the order was made, before the Stripe call). Keeping the result's
   * timestamp instead would make a decline event from the previous whole second look older than the log's state.
   */
  const forgetOutcome = (id: string) =>
    core.till.db
      .prepare(
        "UPDATE orders SET payment_state = 'processing', status = 'processing', payment_state_at = created_at WHERE id = ?",
      )
      .run(id);
  const eventsFromPoller = (id: string) =>
    core.till.db
      .prepare("SELECT count(*) FROM stripe_events WHERE source = 'events_api' AND order_id = ?")
      .pluck()
      .get(id) as number;

  it('brings an order to paid', async () => {
    const paid = await pay('4242424242424242');
    forgetOutcome(paid.orderId);
    await poller.pollOnce();
    expect(order(paid.orderId)).toMatchObject({ status: 'paid', payment_state: 'paid' });
    expect(eventsFromPoller(paid.orderId)).toBeGreaterThan(0);
  });

  it('brings an order to failed', async () => {
    const declined = await pay('4000000000000002');
    expect(declined.status).toBe('declined');
    forgetOutcome(declined.orderId);
    await poller.pollOnce();
    expect(order(declined.orderId)).toMatchObject({ status: 'failed' });
  });

  it('records partial and full refunds', async () => {
    const paid = await pay('4242424242424242', 'FE-800'); // 59.95 + GST 3.00 + PST 4.20 = 67.15
    const intent = core.till.db
      .prepare('SELECT payment_intent_id FROM orders WHERE id = ?')
      .pluck()
      .get(paid.orderId) as string;
    await stripe.refunds.create({ payment_intent: intent, amount: 1000 });
    await poller.pollOnce();
    expect(order(paid.orderId)).toMatchObject({ status: 'partially_refunded', amount_refunded: 1000 });
    await stripe.refunds.create({ payment_intent: intent });
    await poller.pollOnce();
    expect(order(paid.orderId)).toMatchObject({ status: 'refunded', amount_refunded: 6715 });
  });

  it('records a dispute and its closing', async () => {
    const paid = await pay('4000000000000259');
    expect(paid.status).toBe('paid');
    core.training!.simulator.admin.runPendingJobs();
    await poller.pollOnce();
    expect(order(paid.orderId)).toMatchObject({ status: 'disputed', dispute_status: 'needs_response' });

    const disputes = await stripe.disputes.list({ limit: 1 });
    await stripe.disputes.close(disputes.data[0]!.id);
    core.training!.simulator.admin.runPendingJobs();
    await poller.pollOnce();
    expect(order(paid.orderId)).toMatchObject({ status: 'disputed', dispute_status: 'lost' });
  });

  it('polls again without storing anything twice', async () => {
    await pay('4242424242424242');
    const first = await poller.pollOnce();
    const second = await poller.pollOnce();
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(0);
  });

  it('reports its health', async () => {
    await pay('4242424242424242');
    await poller.pollOnce();
    expect(poller.health()).toMatchObject({ source: 'events_api', connected: true, lastError: null });
  });

  describe('pay-by-link', () => {
    const linkOf = (orderId: string) =>
      core.till.db
        .prepare<[string], { status: string; session_id: string }>(
          'SELECT status, session_id FROM payment_links WHERE order_id = ?',
        )
        .get(orderId)!;
    const polled = (orderId: string) =>
      core.till.db
        .prepare("SELECT type FROM stripe_events WHERE source = 'events_api' AND order_id = ? ORDER BY type")
        .pluck()
        .all(orderId);

    it('a link paid on the hosted page: the link is complete and the order paid', async () => {
      const sent = await sendLink(core);
      expect(order(sent.orderId)).toMatchObject({ payment_state: 'open' });
      expect((await payOnHostedPage(sent.url!, '4242424242424242')).status).toBe(303);
      await poller.pollOnce();
      expect(polled(sent.orderId)).toEqual(
        expect.arrayContaining(['checkout.session.completed', 'payment_intent.succeeded']),
      );
      expect(linkOf(sent.orderId).status).toBe('complete');
      expect(order(sent.orderId)).toMatchObject({ status: 'paid', payment_state: 'paid' });
    });

    it('an expired session: the link shows expired and the order stays unpaid', async () => {
      const sent = await sendLink(core);
      await stripe.checkout.sessions.expire(linkOf(sent.orderId).session_id);
      await poller.pollOnce();
      expect(polled(sent.orderId)).toContain('checkout.session.expired');
      expect(linkOf(sent.orderId).status).toBe('expired');
      expect(order(sent.orderId)).toMatchObject({ payment_state: 'open' });
    });
  });
});
