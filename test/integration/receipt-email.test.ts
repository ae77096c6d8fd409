import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentOutcome } from '#shared/contract';
import { startTill, type TestTill } from '../support/till';

interface SentReceipt {
  kind: string;
  to: string;
  payment_intent: string;
}

/** Stripe e-mails a paid order's receipt again when the history asks, and a refund's receipt to the same address. */
describe('e-mailing a receipt again', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill({ training: true });
  });
  afterEach(() => core.stop());

  const receipts = async (paymentIntent: string) => {
    const sim = core.training!.simulator;
    const response = await fetch(`${sim.url}/_simulator/receipts?payment_intent=${paymentIntent}`, {
      headers: { authorization: `Bearer ${sim.keys.secret}` },
    });
    return ((await response.json()) as { data: SentReceipt[] }).data;
  };

  it('asks Stripe to send it to the address given, audits it without the address, and refunds follow it', async () => {
    const paid = await core.call<PaymentOutcome>('checkout.pay', {
      checkoutId: '0190b6a0-7c4d-7d4e-8f00-00000000c001',
      cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101' },
      note: '',
      confirmationTokenId: await core.confirmationToken('4242424242424242'),
    });
    if (!paid.ok) throw new Error(paid.error.message);
    const { orderId } = paid.value;
    const intent = core.till.db
      .prepare('SELECT payment_intent_id FROM orders WHERE id = ?')
      .pluck()
      .get(orderId) as string;
    expect(await receipts(intent)).toEqual([]);

    expect(await core.call('orders.sendReceipt', { orderId, email: 'pat@example.com' })).toMatchObject({
      ok: true,
      value: { message: expect.stringContaining('pat@example.com') },
    });
    expect(await receipts(intent)).toMatchObject([{ kind: 'payment', to: 'pat@example.com' }]);
    const audit = core.till.db.prepare("SELECT details FROM audit_log WHERE action = 'receipt.sent'").pluck().all();
    expect(audit).toEqual(['{}']);

    await core.call('orders.refund', { orderId, amount: 500, reason: 'requested_by_customer', note: '', pin: '2468' });
    expect((await receipts(intent)).map((r) => r.kind).sort()).toEqual(['payment', 'refund']);

    expect(await core.call('orders.sendReceipt', { orderId, email: 'not an address' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'email' },
    });
  });

  it('has no receipt to send for an order that is not paid', async () => {
    const declined = await core.call<PaymentOutcome>('checkout.pay', {
      checkoutId: '0190b6a0-7c4d-7d4e-8f00-00000000c002',
      cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101' },
      note: '',
      confirmationTokenId: await core.confirmationToken('4000000000000002'),
    });
    if (!declined.ok) throw new Error(declined.error.message);
    expect(
      await core.call('orders.sendReceipt', { orderId: declined.value.orderId, email: 'pat@example.com' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Only a paid order has a receipt to send.' },
    });
  });
});
