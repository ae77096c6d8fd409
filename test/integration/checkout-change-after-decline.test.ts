import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentOutcome, Quote } from '#shared/contract';
import { createOrderStore } from '#core/orders/order-store';
import { startTill, type TestTill } from '../support/till';

/**
 * After a decline the clerk keeps the order and may change its items; main writes the new lines and sets the
 * PaymentIntent's amount before confirming it again. A paid order never changes; an unfinished 3D Secure check
 * does not stop another card.
 */
describe('changing an order after a card was declined', () => {
  let core: TestTill;
  let stripe: Stripe;

  beforeEach(async () => {
    core = await startTill({ training: true });
    const sim = core.training!.simulator;
    stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http', maxNetworkRetries: 0 });
  });
  afterEach(() => core.stop());

  const checkoutId = randomUUID();
  const boots = (quantity: number) => ({
    lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity }],
  });
  const pay = async (card: string, cart: unknown) =>
    core.call<PaymentOutcome>('checkout.pay', {
      checkoutId,
      cart,
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: await core.confirmationToken(card),
    });
  const intents = async () => (await stripe.paymentIntents.list({ limit: 100 })).data;
  const orderRow = () =>
    core.till.db.prepare('SELECT number, total, payment_state FROM orders WHERE id = ?').get(checkoutId) as {
      number: number;
      total: number;
      payment_state: string;
    };
  const lineQuantities = () =>
    core.till.db
      .prepare('SELECT quantity FROM order_lines WHERE order_id = ? ORDER BY line_no')
      .pluck()
      .all(checkoutId);
  const withGst = (subtotal: number) => subtotal + Math.round(subtotal * 0.05);

  it('charges the new total once, on the same order and PaymentIntent', async () => {
    const declined = await pay('4000000000000002', boots(1));
    expect(declined).toMatchObject({ ok: true, value: { status: 'declined' } });
    const { number } = orderRow();
    expect(orderRow().total).toBe(withGst(18999));

    const paid = await pay('4242424242424242', boots(3));
    expect(paid).toMatchObject({
      ok: true,
      value: { status: 'paid', orderNumber: number, receipt: { total: withGst(3 * 18999), lines: [{ quantity: 3 }] } },
    });
    expect(orderRow()).toEqual({ number, total: withGst(3 * 18999), payment_state: 'paid' });
    expect(lineQuantities()).toEqual([3]);

    const all = await intents();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      status: 'succeeded',
      amount: withGst(3 * 18999),
      amount_received: withGst(3 * 18999),
    });
    const attempts = core.till.db
      .prepare('SELECT amount, status FROM payment_attempts WHERE order_id = ? ORDER BY attempt_no')
      .all(checkoutId);
    expect(attempts).toEqual([
      { amount: withGst(18999), status: 'failed' },
      { amount: withGst(3 * 18999), status: 'succeeded' },
    ]);
  });

  it('never changes a paid order: a later Pay with another cart answers the paid order and charges nothing', async () => {
    expect(await pay('4242424242424242', boots(1))).toMatchObject({ ok: true, value: { status: 'paid' } });
    const again = await pay('4242424242424242', boots(5));
    expect(again).toMatchObject({ ok: true, value: { status: 'paid', receipt: { total: withGst(18999) } } });
    expect(orderRow().total).toBe(withGst(18999));
    expect(lineQuantities()).toEqual([1]);
    const all = await intents();
    expect(all).toHaveLength(1);
    expect(all[0]!.amount).toBe(withGst(18999));
    // The store refuses too, should a caller ever skip the service's check.
    const quote = await core.call<Quote>('checkout.quote', boots(5));
    if (!quote.ok) throw new Error(quote.error.message);
    expect(createOrderStore(core.till.db).replaceItems(checkoutId, quote.value, 'system')).toBe(false);
    expect(lineQuantities()).toEqual([1]);
  });

  it('takes another card after a 3D Secure check that was never finished', async () => {
    const challenged = await pay('4000002760003184', boots(1));
    expect(challenged).toMatchObject({ ok: true, value: { status: 'requires_action' } });
    expect(orderRow().payment_state).toBe('requires_action');

    const paid = await pay('4242424242424242', boots(2));
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid', receipt: { total: withGst(2 * 18999) } } });
    const all = await intents();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'succeeded', amount: withGst(2 * 18999) });
  });

  it('flags the order when a 3D Secure check finished elsewhere as the clerk changed the cart', async () => {
    const challenged = await pay('4000002760003184', boots(1));
    if (!challenged.ok) throw new Error(challenged.error.message);
    const [intent] = await intents();
    const sim = core.training!.simulator;
    // The cardholder completes the bank's check after all (say, in a window the page had already given up on).
    const completed = await fetch(`${sim.url}/_simulator/3ds/${intent!.id}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.keys.secret}` },
    });
    expect(completed.ok).toBe(true);

    const paid = await pay('4242424242424242', boots(2));
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } });
    const all = await intents();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'succeeded', amount: withGst(18999) }); // charged once, the old amount
    const flagged = core.till.db.prepare('SELECT review_reason FROM orders WHERE id = ?').pluck().get(checkoutId);
    expect(flagged).toBe(
      "Stripe charged $199.49, but the order's items add up to $398.98 (the cart was changed as the bank check " +
        'finished). Check the items with the clerk who took it.',
    );
  });
});
