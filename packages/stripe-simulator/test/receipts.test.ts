/**
 * E-mail receipts as Stripe sends them (docs.stripe.com/receipts): on a successful payment with `receipt_email`,
 * again when `receipt_email` is updated after the payment (how an integration resends one), and for a refund of a
 * payment that had one. The simulator records them; tests read them through /_simulator/receipts.
 */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CARD_ONLY, simulatorForFile, startTestSim } from './helpers';
import { tempDir } from './temp-dir';
import type { Receipt } from '../src';

const t = simulatorForFile();

async function pay(opts: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.PaymentIntent> {
  return t.stripe.paymentIntents.create({
    amount: 4250,
    currency: 'cad',
    ...CARD_ONLY,
    payment_method: 'pm_card_visa',
    confirm: true,
    ...opts,
  });
}

async function receiptsOf(pi: string): Promise<Receipt[]> {
  const res = await t.http('GET', `/_simulator/receipts?payment_intent=${pi}`);
  expect(res.status).toBe(200);
  return res.body.data as Receipt[];
}

describe('receipts', () => {
  it('sends none for a payment without receipt_email, and one when receipt_email is set afterwards', async () => {
    const pi = await pay();
    expect(pi.status).toBe('succeeded');
    expect(await receiptsOf(pi.id)).toEqual([]);
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ receipt_email: null, receipt_number: null });

    const updated = t.check(await t.stripe.paymentIntents.update(pi.id, { receipt_email: 'caller@example.com' }));
    expect(updated).toMatchObject({ status: 'succeeded', receipt_email: 'caller@example.com' });
    const [receipt, ...more] = await receiptsOf(pi.id);
    expect(more).toEqual([]);
    expect(receipt).toMatchObject({
      kind: 'payment',
      to: 'caller@example.com',
      charge: charge.id,
      payment_intent: pi.id,
      refund: null,
      amount: 4250,
      currency: 'cad',
    });
    expect(receipt!.receipt_number).toMatch(/^\d{4}-\d{4}$/);
    const after = t.check(await t.stripe.charges.retrieve(charge.id));
    expect(after).toMatchObject({ receipt_email: 'caller@example.com', receipt_number: receipt!.receipt_number });
    expect(after.receipt_url).toMatch(new RegExp(`^${t.sim.url}/receipts/payment/${charge.id}`));
  });

  it('sends one at payment when receipt_email is given, and again each time it is set (a resend, or a new address)', async () => {
    const pi = await pay({ receipt_email: 'first@example.com' });
    expect((await receiptsOf(pi.id)).map((r) => r.to)).toEqual(['first@example.com']);
    await t.stripe.paymentIntents.update(pi.id, { receipt_email: 'first@example.com' });
    await t.stripe.paymentIntents.update(pi.id, { receipt_email: 'second@example.com' });
    expect((await receiptsOf(pi.id)).map((r) => r.to)).toEqual([
      'first@example.com',
      'first@example.com',
      'second@example.com',
    ]);
    // A charge update with receipt_email sends too ("a new email receipt will be sent to the updated address").
    await t.stripe.charges.update(pi.latest_charge as string, { receipt_email: 'third@example.com' });
    expect((await receiptsOf(pi.id)).at(-1)).toMatchObject({ kind: 'payment', to: 'third@example.com' });
  });

  it('sends none for a declined payment, nor for an update before the payment succeeded', async () => {
    const declined = await pay({ payment_method: 'pm_card_chargeDeclined', receipt_email: 'x@example.com' }).catch(
      (err: Stripe.errors.StripeCardError) => err.payment_intent!,
    );
    expect(declined.status).toBe('requires_payment_method');
    await t.stripe.paymentIntents.update(declined.id, { receipt_email: 'y@example.com' });
    expect(await receiptsOf(declined.id)).toEqual([]);
  });

  it('sends a manually captured payment’s receipt when it is captured', async () => {
    const pi = await pay({ capture_method: 'manual', receipt_email: 'hold@example.com' });
    expect(pi.status).toBe('requires_capture');
    expect(await receiptsOf(pi.id)).toEqual([]);
    await t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect(await receiptsOf(pi.id)).toEqual([
      expect.objectContaining({ kind: 'payment', to: 'hold@example.com', amount: 4000 }),
    ]);
  });

  it('sends a refund receipt to the payment’s receipt address, and none when the payment had none', async () => {
    const pi = await pay({ receipt_email: 'caller@example.com' });
    const refund = t.check(await t.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 }));
    const receipts = await receiptsOf(pi.id);
    expect(receipts.map((r) => [r.kind, r.to, r.amount, r.refund])).toEqual([
      ['payment', 'caller@example.com', 4250, null],
      ['refund', 'caller@example.com', 1000, refund.id],
    ]);
    expect(refund.receipt_number).toBe(receipts[1]!.receipt_number);

    const silent = await pay();
    await t.stripe.refunds.create({ payment_intent: silent.id });
    expect(await receiptsOf(silent.id)).toEqual([]);
  });

  it('lists receipts in process too, by charge', async () => {
    const pi = await pay({ receipt_email: 'inproc@example.com' });
    const byCharge = t.sim.admin.receipts({ charge: pi.latest_charge as string });
    expect(byCharge.map((r) => [r.kind, r.to])).toEqual([['payment', 'inproc@example.com']]);
    expect(t.sim.admin.receipts().length).toBeGreaterThan(byCharge.length);
  });

  it('keeps the receipts and the checkout sessions across a restart with a state file', async () => {
    const dir = tempDir();
    try {
      const stateFile = join(dir.path, 'state.json');
      const a = await startTestSim({ stateFile });
      const pi = await a.stripe.paymentIntents.create({
        amount: 900,
        currency: 'cad',
        ...CARD_ONLY,
        payment_method: 'pm_card_visa',
        confirm: true,
        receipt_email: 'kept@example.com',
      });
      await a.close();
      const b = await startTestSim({ stateFile });
      try {
        expect(b.sim.admin.receipts({ payment_intent: pi.id }).map((r) => r.to)).toEqual(['kept@example.com']);
        // Numbers keep counting from where the last run stopped.
        await b.stripe.paymentIntents.update(pi.id, { receipt_email: 'kept@example.com' });
        const numbers = b.sim.admin.receipts({ payment_intent: pi.id }).map((r) => r.receipt_number);
        expect(new Set(numbers).size).toBe(2);
      } finally {
        await b.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
