/** Refunds (partial, repeated, full, over-refund, already refunded, async cards) and disputes (created, closed). */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.close());

const paid = (payment_method = 'pm_card_visa', amount = 2000) =>
  t.stripe.paymentIntents.create({ amount, currency: 'cad', confirm: true, payment_method, ...CARD_ONLY });

const eventsFor = async (id: string) =>
  (await t.stripe.events.list({ limit: 100 })).data
    .filter((e) => {
      const o = e.data.object as { id: string; charge?: string; payment_intent?: string; latest_charge?: string };
      return o.id === id || o.charge === id || o.payment_intent === id || o.latest_charge === id;
    })
    .map((e) => e.type)
    .reverse();

describe('refunds', () => {
  it('partial, partial again, then the rest; further refunds are refused', async () => {
    const pi = await paid();
    const charge = pi.latest_charge as string;
    const r1 = t.check(
      await t.stripe.refunds.create({ payment_intent: pi.id, amount: 500, reason: 'requested_by_customer' }),
    );
    expect(r1).toMatchObject({ object: 'refund', amount: 500, status: 'succeeded', charge, payment_intent: pi.id });
    let ch = t.check(await t.stripe.charges.retrieve(charge));
    expect(ch).toMatchObject({ amount_refunded: 500, refunded: false });
    await t.stripe.refunds.create({ charge, amount: 700 });
    const over = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.refunds.create({ charge, amount: 900 }));
    expect(over).toMatchObject({
      statusCode: 400,
      param: 'amount',
      message: 'Refund amount ($9.00) is greater than unrefunded amount on charge ($8.00)',
    });
    const rest = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(800);
    ch = await t.stripe.charges.retrieve(charge, { expand: ['refunds'] });
    expect(ch).toMatchObject({ amount_refunded: 2000, refunded: true });
    expect(ch.refunds?.data.map((r) => r.amount)).toEqual([800, 700, 500]);
    const again = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.refunds.create({ charge }));
    expect(again).toMatchObject({
      code: 'charge_already_refunded',
      message: `Charge ${charge} has already been refunded.`,
    });
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    const listed = t.check(await t.stripe.refunds.list({ charge }));
    expect(listed.data).toHaveLength(3);
    expect(t.check(await t.stripe.refunds.retrieve(r1.id)).id).toBe(r1.id);
    const types = await eventsFor(charge);
    expect(types.filter((x) => x === 'charge.refunded')).toHaveLength(3);
    expect(types.filter((x) => x === 'refund.created')).toHaveLength(3);
  });

  it('charge.refunded carries previous_attributes', async () => {
    const pi = await paid();
    await t.stripe.refunds.create({ payment_intent: pi.id, amount: 300 });
    const [event] = (await t.stripe.events.list({ type: 'charge.refunded', limit: 1 })).data;
    expect(event?.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    expect((event?.data.object as Stripe.Charge).amount_refunded).toBe(300);
  });

  it('4000000000007726: pending, then succeeded with refund.updated', async () => {
    const pi = await paid('pm_card_pendingRefund');
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('pending');
    expect(t.sim.admin.runPendingJobs()).toBeGreaterThan(0);
    expect((await t.stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    const [updated] = (await t.stripe.events.list({ type: 'refund.updated', limit: 1 })).data;
    expect(updated?.data.previous_attributes).toEqual({ status: 'pending' });
  });

  it('4000000000005126: succeeded, then failed with refund.failed; the amount is refundable again', async () => {
    const pi = await paid('pm_card_refundFail');
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('succeeded');
    t.sim.admin.runPendingJobs();
    const failed = t.check(await t.stripe.refunds.retrieve(refund.id));
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    expect((await t.stripe.events.list({ type: 'refund.failed', limit: 1 })).data[0]?.data.object).toMatchObject({
      id: refund.id,
    });
  });
});

describe('disputes', () => {
  it('4000000000000259: charge succeeds, then charge.dispute.created + funds_withdrawn; winning evidence → won', async () => {
    const pi = await paid('pm_card_createDispute');
    const charge = pi.latest_charge as string;
    t.sim.admin.runPendingJobs();
    const disputes = t.check(await t.stripe.disputes.list({ charge }));
    expect(disputes.data).toHaveLength(1);
    const dispute = disputes.data[0]!;
    expect(dispute).toMatchObject({
      status: 'needs_response',
      reason: 'fraudulent',
      amount: 2000,
      payment_intent: pi.id,
    });
    expect((await t.stripe.charges.retrieve(charge)).disputed).toBe(true);
    const noRefund = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.refunds.create({ charge }));
    expect(noRefund.code).toBe('charge_disputed');
    const updated = t.check(
      await t.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } }),
    );
    expect(updated.status).toBe('under_review');
    t.sim.admin.runPendingJobs();
    expect((await t.stripe.disputes.retrieve(dispute.id)).status).toBe('won');
    expect(await eventsFor(charge)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.closed',
      'charge.dispute.funds_reinstated',
    ]);
  });

  it('4000000000002685 with losing evidence → lost; close → lost at once', async () => {
    const a = await paid('pm_card_createDisputeProductNotReceived');
    const b = await paid('pm_card_createDispute');
    t.sim.admin.runPendingJobs();
    const [da] = (await t.stripe.disputes.list({ payment_intent: a.id })).data;
    const [db] = (await t.stripe.disputes.list({ payment_intent: b.id })).data;
    expect(da?.reason).toBe('product_not_received');
    await t.stripe.disputes.update(da!.id, { evidence: { uncategorized_text: 'losing_evidence' } });
    t.sim.admin.runPendingJobs();
    expect((await t.stripe.disputes.retrieve(da!.id)).status).toBe('lost');
    const closed = t.check(await t.stripe.disputes.close(db!.id));
    expect(closed.status).toBe('lost');
    const [event] = (await t.stripe.events.list({ type: 'charge.dispute.closed', limit: 1 })).data;
    expect(event?.data.object).toMatchObject({ id: db!.id, status: 'lost' });
    expect(event?.data.previous_attributes).toEqual({ status: 'needs_response' });
    const twice = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.disputes.close(db!.id));
    expect(twice.statusCode).toBe(400);
  });

  it('4000000000001976 opens an inquiry (warning_needs_response, no funds withdrawn)', async () => {
    const pi = t.check(
      await t.stripe.paymentIntents.create({
        amount: 100,
        currency: 'usd',
        confirm: true,
        payment_method_data: {
          type: 'card',
          card: { number: '4000000000001976', exp_month: 1, exp_year: new Date().getFullYear() + 1, cvc: '321' },
        } as Stripe.PaymentIntentCreateParams.PaymentMethodData,
        ...CARD_ONLY,
      }),
    );
    t.sim.admin.runPendingJobs();
    const [d] = (await t.stripe.disputes.list({ payment_intent: pi.id })).data;
    expect(d?.status).toBe('warning_needs_response');
    expect(await eventsFor(pi.latest_charge as string)).not.toContain('charge.dispute.funds_withdrawn');
  });
});
