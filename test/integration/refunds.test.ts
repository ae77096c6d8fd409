import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HANDLED_EVENT_TYPES } from '#core/events/event-processor';
import { createRefundStore } from '#core/refunds/refund-store';
import type { OrderDetail, PaymentOutcome, RefundOutcome } from '#shared/contract';
import { timeOrderedId } from '#shared/time-ordered-id';
import type { Result } from '#shared/result';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/**
 * Refunds from the Order history, against the simulator: the owner's PIN, what is left to refund, Stripe's
 * answers and refusals, and the answers that never came — never a refund made twice.
 */
describe('refunds from the order history', () => {
  const PIN = TEST_OWNER_PIN;
  const ORDER_TOTAL = 19949; // BT-510 at $189.99 + 5% GST
  let core: TestTill;
  let stripe: Stripe;

  beforeEach(async () => {
    core = await startTill({ training: true });
    const simulator = core.training!.simulator;
    stripe = new Stripe(simulator.keys.secret, { host: '127.0.0.1', port: simulator.port, protocol: 'http' });
    // Set-up (startTill's, with the demo shop) set the owner PIN: PIN.
  });
  afterEach(() => core.stop());

  async function paidOrder(card = '4242424242424242'): Promise<OrderDetail> {
    const paid = await core.call<PaymentOutcome>('checkout.pay', {
      checkoutId: timeOrderedId(),
      cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] },
      customer: { name: 'Ada Lovelace', phone: '250 555 0199', email: '' },
      note: '',
      confirmationTokenId: await core.confirmationToken(card),
    });
    if (!paid.ok || paid.value.status !== 'paid') throw new Error(`not paid: ${JSON.stringify(paid)}`);
    return detail(paid.value.orderId);
  }
  async function detail(orderId: string): Promise<OrderDetail> {
    const result = await core.call<OrderDetail>('orders.get', { orderId });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }
  const refund = (orderId: string, amount: number, extra: Record<string, unknown> = {}) =>
    core.call<RefundOutcome>('orders.refund', {
      orderId,
      amount,
      reason: 'requested_by_customer',
      note: '',
      pin: PIN,
      ...extra,
    }) as Promise<Result<RefundOutcome>>;
  const refundsAtStripe = async (order: OrderDetail) =>
    (await stripe.refunds.list({ payment_intent: order.paymentIntentId!, limit: 100 })).data;
  /** Stripe's events, as the poller would hand them over: the types Till asks for, oldest first. */
  async function deliverStripeEvents() {
    const handled = new Set<string>(HANDLED_EVENT_TYPES);
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) if (handled.has(event.type)) events.push(event);
    core.till.events.ingest(events.reverse(), 'events_api');
  }
  const refundRows = (orderId: string) =>
    core.till.db
      .prepare('SELECT amount, status, stripe_refund_id FROM refunds WHERE order_id = ? ORDER BY created_at')
      .all(orderId) as { amount: number; status: string; stripe_refund_id: string | null }[];

  it('refunds part, then the rest: the order shows what went back, and Stripe holds each refund once', async () => {
    const order = await paidOrder();
    expect(order.refundable).toBe(ORDER_TOTAL);

    const part = await refund(order.id, 5000, { note: 'Returned one hard hat' });
    expect(part).toMatchObject({ ok: true, value: { status: 'succeeded', amountRefunded: 5000 } });
    if (part.ok) expect(part.value.message).toBe('Refunded $50.00. It reaches the card in 5 to 10 business days.');
    expect(await detail(order.id)).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: 5000,
      refundable: ORDER_TOTAL - 5000,
    });

    // Stripe's own events about the same refund (refund.created, charge.refunded) change nothing.
    await deliverStripeEvents();
    expect(refundRows(order.id)).toHaveLength(1);
    expect((await detail(order.id)).amountRefunded).toBe(5000);

    const rest = await refund(order.id, ORDER_TOTAL - 5000);
    expect(rest).toMatchObject({ ok: true, value: { status: 'succeeded', amountRefunded: ORDER_TOTAL } });
    const after = await detail(order.id);
    expect(after).toMatchObject({ status: 'refunded', refundable: 0 });
    expect(after.timeline.map((entry) => entry.title)).toEqual(
      expect.arrayContaining(['Refund of $50.00 by Owner: succeeded', 'Refund of $149.49 by Owner: succeeded']),
    );
    expect(after.timeline.find((entry) => entry.title.startsWith('Refund of $50.00'))?.detail).toBe(
      'Customer asked · “Returned one hard hat”',
    );

    const atStripe = await refundsAtStripe(order);
    expect(atStripe.map((r) => r.amount).sort()).toEqual([5000, ORDER_TOTAL - 5000].sort());
    expect(new Set(atStripe.map((r) => r.metadata?.till_refund_id)).size).toBe(2);
    expect(await refund(order.id, 1)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'This order is already refunded in full.' },
    });
  });

  it('refuses more than is left to refund, naming the amount, and sends nothing to Stripe', async () => {
    const order = await paidOrder();
    await refund(order.id, 15000);
    expect(await refund(order.id, ORDER_TOTAL - 15000 + 1)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'amount', message: 'At most $49.49 is left to refund on this order.' },
    });
    // The same refusal whatever the PIN: the amount is checked before the PIN is asked for.
    expect(await refund(order.id, ORDER_TOTAL, { pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'amount', message: 'At most $49.49 is left to refund on this order.' },
    });
    expect(await refundsAtStripe(order)).toHaveLength(1);
  });

  it('takes the PIN of whoever gives it: a wrong one is refused and audited, and nothing reaches Stripe', async () => {
    const order = await paidOrder();
    expect(await refund(order.id, 1000, { pin: undefined })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin', message: 'Type your PIN to confirm.' },
    });
    expect(await refund(order.id, 1000, { pin: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin' },
    });
    const refused = core.till.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'staff.pin_refused'");
    expect(refused.pluck().get()).toBe(1);
    expect(await refundsAtStripe(order)).toHaveLength(0);
    expect((await detail(order.id)).amountRefunded).toBe(0);
  });

  it('is given by a manager with their own PIN, names them, and is refused to a clerk', async () => {
    const order = await paidOrder();
    const add = async (name: string, role: 'clerk' | 'manager', pin: string) =>
      core.signIn((await core.addStaff(name, role, pin)).id, pin, 'history');
    const clerk = await add('Sam', 'clerk', '1357');
    const manager = await add('Mo', 'manager', '2222');
    const ask = { orderId: order.id, amount: 500, reason: 'requested_by_customer', note: '' };
    expect(await core.callAs(clerk, 'orders.refund', { ...ask, pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'A clerk cannot give refunds. Ask the owner or a manager.' },
    });
    expect(await core.callAs(manager, 'orders.refund', { ...ask, pin: TEST_OWNER_PIN })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin' },
    });
    expect(await core.callAs(manager, 'orders.refund', { ...ask, pin: '2222' })).toMatchObject({
      ok: true,
      value: { status: 'succeeded' },
    });
    const byWhom = core.till.db
      .prepare('SELECT s.name FROM refunds r JOIN staff s ON s.id = r.staff_id WHERE r.order_id = ?')
      .pluck()
      .all(order.id);
    expect(byWhom).toEqual(['Mo']);
    const detail = await core.call<{ timeline: { title: string }[] }>('orders.get', { orderId: order.id });
    expect(detail.ok && detail.value.timeline.map((entry) => entry.title)).toContain(
      'Refund of $5.00 by Mo: succeeded',
    );
    expect(await refundsAtStripe(order)).toHaveLength(1);
  });

  it('explains a refund Stripe refuses, and counts nothing', async () => {
    const order = await paidOrder('4000000000000259'); // disputed as fraudulent soon after the payment
    core.training!.simulator.admin.runPendingJobs();
    const refused = await refund(order.id, 1000);
    expect(refused).toMatchObject({ ok: true, value: { status: 'failed', amountRefunded: 0 } });
    if (refused.ok) expect(refused.value.message).toMatch(/disputed this payment.*Stripe Dashboard/);
    expect(refundRows(order.id)).toEqual([{ amount: 1000, status: 'failed', stripe_refund_id: null }]);
    const after = await detail(order.id);
    expect(after.timeline.find((entry) => entry.title.startsWith('Refund of $10.00'))).toMatchObject({
      title: 'Refund of $10.00 by Owner: failed',
      detail: expect.stringMatching(/^Customer asked · The customer has disputed/),
    });
  });

  it('offers no refund of a payment Till knows is disputed, and refuses one without asking Stripe', async () => {
    const order = await paidOrder('4000000000000259');
    core.training!.simulator.admin.runPendingJobs();
    await deliverStripeEvents();
    const disputed = await detail(order.id);
    expect(disputed).toMatchObject({ disputeStatus: 'needs_response', refundable: 0 });
    const refused = await refund(order.id, 1000);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/^The customer has disputed this payment.*Stripe Dashboard/);
    expect(refundRows(order.id)).toEqual([]);
    expect(await refundsAtStripe(order)).toEqual([]);
  });

  it('finishes a refund whose answer was lost without refunding twice', async () => {
    const order = await paidOrder();
    // Every try of the call (Till's three) is carried out by Stripe, and its answer lost on the way back.
    core.training!.simulator.admin.setFaults({ kinds: ['drop_after'], errorRate: 1, paths: ['/v1/refunds'], count: 3 });
    const lost = await refund(order.id, 2500);
    expect(lost).toMatchObject({ ok: true, value: { status: 'unknown', amountRefunded: 2500 } });
    if (lost.ok) expect(lost.value.message).toMatch(/Do not refund again/);
    expect(await refundsAtStripe(order)).toHaveLength(1); // Stripe made it; Till did not hear
    expect(refundRows(order.id)).toEqual([{ amount: 2500, status: 'unknown', stripe_refund_id: null }]);
    // While the answer is missing, the amount stays counted: it cannot be refunded a second time.
    expect((await detail(order.id)).refundable).toBe(ORDER_TOTAL - 2500);

    const report = await core.till.reconciler!.run();
    expect(report.refundsSettled).toBe(1);
    const atStripe = await refundsAtStripe(order);
    expect(atStripe).toHaveLength(1);
    expect(refundRows(order.id)).toEqual([{ amount: 2500, status: 'succeeded', stripe_refund_id: atStripe[0]!.id }]);
    expect((await core.till.reconciler!.run()).refundsSettled).toBe(0);
  });

  it('keeps counting a refund made in the Stripe Dashboard while its own events are still on the way', async () => {
    const order = await paidOrder();
    await stripe.refunds.create({ payment_intent: order.paymentIntentId!, amount: 2000 });
    const handled = new Set<string>(HANDLED_EVENT_TYPES);
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) if (handled.has(event.type)) events.push(event);
    // Only the charge's running total has arrived so far, not the refund.created event.
    core.till.events.ingest(
      events.filter((event) => event.type === 'charge.refunded'),
      'events_api',
    );
    expect((await detail(order.id)).amountRefunded).toBe(2000);

    core.training!.simulator.admin.setFaults({ kinds: ['drop_after'], errorRate: 1, paths: ['/v1/refunds'], count: 3 });
    const lost = await refund(order.id, 1000);
    expect(lost).toMatchObject({ ok: true, value: { status: 'unknown', amountRefunded: 3000 } });
    expect((await detail(order.id)).refundable).toBe(ORDER_TOTAL - 3000);

    await core.till.reconciler!.run();
    await deliverStripeEvents();
    expect(await detail(order.id)).toMatchObject({ amountRefunded: 3000, refundable: ORDER_TOTAL - 3000 });
    // Till's own refund was written first; the Dashboard's when its event came.
    expect(refundRows(order.id).map((row) => [row.amount, row.status])).toEqual([
      [1000, 'succeeded'],
      [2000, 'succeeded'],
    ]);
  });

  it('sends a refund that never reached Stripe (Till stopped mid-call) again, once, when it reconciles', async () => {
    const order = await paidOrder();
    // What a crash right after the refund was written leaves: Till's row, and nothing at Stripe.
    createRefundStore(core.till.db).begin(
      { id: timeOrderedId(), orderId: order.id, amount: 1200, currency: 'CAD', reason: 'duplicate', note: '' },
      'owner',
    );
    expect(await refundsAtStripe(order)).toHaveLength(0);

    expect((await core.till.reconciler!.run()).refundsSettled).toBe(1);
    expect((await core.till.reconciler!.run()).refundsSettled).toBe(0);
    const atStripe = await refundsAtStripe(order);
    expect(atStripe.map((r) => [r.amount, r.reason])).toEqual([[1200, 'duplicate']]);
    expect(await detail(order.id)).toMatchObject({ status: 'partially_refunded', amountRefunded: 1200 });
  });

  it("joins Stripe's event about a refund to Till's own, whichever arrives first", async () => {
    const order = await paidOrder();
    const store = createRefundStore(core.till.db);
    const asked = store.begin(
      { id: timeOrderedId(), orderId: order.id, amount: 700, currency: 'CAD', reason: 'duplicate', note: '' },
      'owner',
    );
    const facts = { id: 're_1', amount: 700, currency: 'cad', reason: 'duplicate', tillRefundId: asked.id };
    expect(store.record(order.id, { ...facts, status: 'pending' })).toBe(700); // the event, first
    expect(store.record(order.id, { ...facts, status: 'succeeded' })).toBe(700); // then the answer
    expect(store.record(order.id, { ...facts, status: 'pending' })).toBe(700); // a late repeat: no step back
    expect(refundRows(order.id)).toEqual([{ amount: 700, status: 'succeeded', stripe_refund_id: 're_1' }]);
  });
});
