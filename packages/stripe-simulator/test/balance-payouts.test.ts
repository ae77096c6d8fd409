/**
 * Balance transactions and payouts, read with stripe-node as a shop's end of day reads them: each charge's fee and
 * net, refunds and disputes taking money out, funds becoming available as the clock passes `available_on`, and
 * automatic payouts whose balance transactions add up to them. Every object is checked against Stripe's OpenAPI
 * schema.
 */
import type Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { CARD_ONLY, rejectionOf, simulatorForFile, startTestSim } from './helpers';
import { tempDir } from './temp-dir';

const DAY = 86_400;
const t = simulatorForFile();

const pay = (amount: number, payment_method = 'pm_card_visa', extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  t.stripe.paymentIntents.create({ amount, currency: 'cad', confirm: true, payment_method, ...CARD_ONLY, ...extra });

const chargeOf = async (pi: Stripe.PaymentIntent) =>
  t.check(await t.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] }));

const txnOf = (holder: { balance_transaction: string | Stripe.BalanceTransaction | null }) =>
  holder.balance_transaction as Stripe.BalanceTransaction;

/** Every balance transaction of a list, through auto-pagination. */
async function allTransactions(params: Stripe.BalanceTransactionListParams): Promise<Stripe.BalanceTransaction[]> {
  const out: Stripe.BalanceTransaction[] = [];
  for await (const txn of t.stripe.balanceTransactions.list({ limit: 3, ...params })) out.push(t.check(txn));
  return out;
}

const sum = (txns: Stripe.BalanceTransaction[], key: 'amount' | 'fee' | 'net') =>
  txns.reduce((total, txn) => total + txn[key], 0);

describe('balance transactions', () => {
  it("a charge's: Stripe's 2.9% + 30¢, the net, pending until 00:00 UTC two days later", async () => {
    const pi = await pay(2000);
    const charge = await chargeOf(pi);
    const txn = txnOf(charge);
    expect(txn).toMatchObject({
      object: 'balance_transaction',
      amount: 2000,
      fee: 88, // 2.9% of 20.00 = 0.58, + 0.30
      net: 1912,
      currency: 'cad',
      type: 'charge',
      reporting_category: 'charge',
      source: charge.id,
      status: 'pending',
      exchange_rate: null,
      fee_details: [{ amount: 88, currency: 'cad', type: 'stripe_fee', application: null }],
    });
    expect(txn.available_on).toBe(Math.floor((txn.created + 2 * DAY) / DAY) * DAY);
    expect(txn.available_on % DAY).toBe(0);
    // The same object by id, and the charge found from it.
    const byId = t.check(await t.stripe.balanceTransactions.retrieve(txn.id, { expand: ['source'] }));
    expect((byId.source as Stripe.Charge).id).toBe(charge.id);
    expect({ ...byId, source: charge.id }).toEqual(txn);
    // Fees round to the cent: 2.9% of 10.99 is 0.3187.
    expect(txnOf(await chargeOf(await pay(1099)))).toMatchObject({ fee: 62, net: 1037 });
  });

  it('a manual capture gets its transaction when captured, for the captured amount', async () => {
    const pi = await pay(5000, 'pm_card_visa', { capture_method: 'manual' });
    expect((await chargeOf(pi)).balance_transaction).toBeNull();
    const captured = await t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect(txnOf(await chargeOf(captured))).toMatchObject({ amount: 4000, fee: 146, net: 3854, type: 'charge' });
  });

  it('a declined payment has none', async () => {
    const err = await rejectionOf<Stripe.errors.StripeCardError>(() => pay(2000, 'pm_card_chargeDeclined'));
    const charge = t.check(await t.stripe.charges.retrieve(err.payment_intent!.latest_charge as string));
    expect(charge.balance_transaction).toBeNull();
    expect(await allTransactions({ source: charge.id })).toEqual([]);
  });

  it('4000000000000077 puts the funds straight into the available balance', async () => {
    const txn = txnOf(await chargeOf(await pay(1000, 'pm_card_bypassPending')));
    expect(txn).toMatchObject({ status: 'available', available_on: txn.created, net: 1000 - 59 });
  });

  it("a refund's takes the amount out at once, and Stripe keeps the charge's fee", async () => {
    const pi = await pay(3000);
    const refund = t.check(
      await t.stripe.refunds.create({ payment_intent: pi.id, amount: 1200, expand: ['balance_transaction'] }),
    );
    expect(txnOf(refund)).toMatchObject({
      amount: -1200,
      fee: 0,
      net: -1200,
      fee_details: [],
      type: 'refund',
      reporting_category: 'refund',
      source: refund.id,
      status: 'available',
    });
    expect(txnOf(await chargeOf(pi)).fee).toBe(117);
  });

  it('a refund that fails later gives the money back (refund_failure)', async () => {
    const pi = await pay(2500, 'pm_card_refundFail');
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    t.sim.admin.runPendingJobs();
    const failed = t.check(await t.stripe.refunds.retrieve(refund.id, { expand: ['failure_balance_transaction'] }));
    expect(failed.status).toBe('failed');
    expect(failed.failure_balance_transaction).toMatchObject({
      amount: 2500,
      net: 2500,
      type: 'refund_failure',
      reporting_category: 'refund_failure',
      source: refund.id,
    });
  });

  it('a dispute withdraws the amount and the C$15 fee; winning it brings both back', async () => {
    const pi = await pay(4000, 'pm_card_createDispute');
    t.sim.admin.runPendingJobs();
    const [dispute] = (await t.stripe.disputes.list({ payment_intent: pi.id })).data;
    t.check(dispute);
    expect(dispute!.balance_transactions).toHaveLength(1);
    expect(dispute!.balance_transactions[0]).toMatchObject({
      amount: -4000,
      fee: 1500,
      net: -5500,
      type: 'adjustment',
      reporting_category: 'dispute',
      source: dispute!.id,
      status: 'available',
      fee_details: [{ amount: 1500, type: 'stripe_fee', description: 'Dispute fee' }],
    });
    // The funds_withdrawn event already shows the withdrawal.
    const [withdrawn] = (await t.stripe.events.list({ type: 'charge.dispute.funds_withdrawn', limit: 1 })).data;
    expect((t.check(withdrawn)!.data.object as Stripe.Dispute).balance_transactions).toHaveLength(1);

    await t.stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    t.sim.admin.runPendingJobs();
    const won = t.check(await t.stripe.disputes.retrieve(dispute!.id));
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((b) => [b.reporting_category, b.amount, b.fee, b.net])).toEqual([
      ['dispute', -4000, 1500, -5500],
      ['dispute_reversal', 4000, -1500, 5500],
    ]);
    const listed = await allTransactions({ source: dispute!.id });
    expect(listed.map((b) => b.id)).toEqual([...won.balance_transactions].reverse().map((b) => b.id));
  });

  it('an inquiry withdraws nothing; a lost dispute keeps the withdrawal only', async () => {
    const inquiry = await pay(1500, 'pm_card_createDisputeInquiry');
    const lost = await pay(1600, 'pm_card_createDispute');
    t.sim.admin.runPendingJobs();
    const [d1] = (await t.stripe.disputes.list({ payment_intent: inquiry.id })).data;
    expect(d1!.balance_transactions).toEqual([]);
    const [d2] = (await t.stripe.disputes.list({ payment_intent: lost.id })).data;
    t.check(await t.stripe.disputes.close(d2!.id));
    const closed = await t.stripe.disputes.retrieve(d2!.id);
    expect(closed.balance_transactions.map((b) => b.net)).toEqual([-3100]);
  });

  it('lists newest first with type, source, currency and created filters, and answers 404s', async () => {
    const since = t.sim.context.now();
    t.sim.admin.advanceClock(60);
    const a = await pay(700);
    await t.stripe.refunds.create({ payment_intent: a.id, amount: 200 });
    const b = await pay(800);
    const all = await allTransactions({ created: { gt: since } });
    expect(all.map((x) => [x.type, x.amount])).toEqual([
      ['charge', 800],
      ['refund', -200],
      ['charge', 700],
    ]);
    expect((await allTransactions({ created: { gt: since }, type: 'charge' })).map((x) => x.amount)).toEqual([
      800, 700,
    ]);
    expect((await allTransactions({ source: b.latest_charge as string })).map((x) => x.amount)).toEqual([800]);
    expect(await allTransactions({ created: { gt: since }, currency: 'usd' })).toEqual([]);
    const missing = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.balanceTransactions.retrieve('txn_doesnotexist'),
    );
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const noPayout = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.balanceTransactions.list({ payout: 'po_doesnotexist' }),
    );
    expect(noPayout).toMatchObject({ statusCode: 404, param: 'payout', message: "No such payout: 'po_doesnotexist'" });
    const unknown = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.balanceTransactions.list({ charge: 'ch_1' } as Stripe.BalanceTransactionListParams),
    );
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
  });
});

describe('balance and payouts', () => {
  it('pays out what is available, in transit until the next business day, then paid', async () => {
    const own = await startTestSim();
    try {
      const ownPay = (amount: number) =>
        own.stripe.paymentIntents.create({
          amount,
          currency: 'cad',
          confirm: true,
          payment_method: 'pm_card_visa',
          ...CARD_ONLY,
        });
      const p1 = await ownPay(2000);
      const p2 = await ownPay(1000);
      await own.stripe.refunds.create({ payment_intent: p2.id, amount: 300 });
      // The refund is out at once; the charges wait.
      let bal = own.check(await own.stripe.balance.retrieve());
      expect(bal.available).toEqual([{ amount: -300, currency: 'cad', source_types: { card: -300 } }]);
      expect(bal.pending).toEqual([{ amount: 1912 + 941, currency: 'cad', source_types: { card: 1912 + 941 } }]);
      // Nothing positive is available yet: no payout.
      expect(own.sim.admin.runPayouts()).toEqual([]);

      own.sim.admin.advanceClock(2 * DAY + 60);
      const [released] = (await own.stripe.events.list({ type: 'balance.available' })).data;
      expect((own.check(released)!.data.object as Stripe.Balance).available[0]!.amount).toBe(1912 + 941 - 300);
      const later = await ownPay(5000); // after the release: still pending, not in this payout
      bal = own.check(await own.stripe.balance.retrieve());
      expect(bal.available[0]!.amount).toBe(2553);
      expect(bal.pending[0]!.amount).toBe(5000 - 175);

      const [payout, ...more] = own.sim.admin.runPayouts();
      expect(more).toEqual([]);
      own.check(payout);
      expect(payout).toMatchObject({
        object: 'payout',
        amount: 2553,
        currency: 'cad',
        automatic: true,
        type: 'bank_account',
        method: 'standard',
        source_type: 'card',
        status: 'in_transit',
        reconciliation_status: 'in_progress',
      });
      expect(payout!.arrival_date % DAY).toBe(0);
      expect(payout!.arrival_date).toBeGreaterThan(payout!.created);
      expect([1, 2, 3, 4, 5]).toContain(new Date(payout!.arrival_date * 1000).getUTCDay());
      expect(own.check(await own.stripe.balance.retrieve()).available[0]!.amount).toBe(0);

      // What it holds: the two charges, the refund, and its own transaction; they add up to it.
      const held: Stripe.BalanceTransaction[] = [];
      for await (const txn of own.stripe.balanceTransactions.list({ payout: payout!.id, expand: ['data.source'] })) {
        held.push(own.check(txn));
      }
      const [own1, ...rest] = held.filter((x) => x.type === 'payout');
      expect(rest).toEqual([]);
      expect(own1).toMatchObject({
        amount: -2553,
        net: -2553,
        fee: 0,
        reporting_category: 'payout',
        id: payout!.balance_transaction,
      });
      expect((own1!.source as Stripe.Payout).id).toBe(payout!.id);
      const paid = held.filter((x) => x.type !== 'payout');
      expect(paid.map((x) => (x.source as { id: string }).id).sort()).toEqual(
        [
          p1.latest_charge,
          p2.latest_charge,
          (await own.stripe.refunds.list({ payment_intent: p2.id })).data[0]!.id,
        ].sort(),
      );
      expect(sum(paid, 'net')).toBe(payout!.amount);
      expect(sum(paid, 'amount') - sum(paid, 'fee')).toBe(payout!.amount);
      expect(sum(held, 'net')).toBe(0);
      expect(held.some((x) => x.source === later.latest_charge)).toBe(false);

      // payout.created shows it pending; payout.updated moves it in transit.
      const types = (await own.stripe.events.list({ limit: 100 })).data.filter((e) => e.type.startsWith('payout.'));
      expect(types.map((e) => e.type).reverse()).toEqual(['payout.created', 'payout.updated']);
      expect((types[1]!.data.object as Stripe.Payout).status).toBe('pending');
      expect(types[0]!.data.previous_attributes).toEqual({ status: 'pending' });

      // The clock reaches the arrival date: paid and reconciled.
      own.sim.admin.advanceClock(payout!.arrival_date - own.sim.context.now());
      const landed = own.check(await own.stripe.payouts.retrieve(payout!.id, { expand: ['balance_transaction'] }));
      expect(landed).toMatchObject({ status: 'paid', reconciliation_status: 'completed' });
      expect(txnOf(landed).amount).toBe(-2553);
      const after = (await own.stripe.events.list({ limit: 5 })).data.map((e) => e.type);
      expect(after.slice(0, 2)).toEqual(['payout.reconciliation_completed', 'payout.paid']);

      // Filters: the payouts that landed on that day, by status, by creation.
      const day = { gte: payout!.arrival_date, lt: payout!.arrival_date + DAY };
      expect(own.check(await own.stripe.payouts.list({ arrival_date: day })).data.map((p) => p.id)).toEqual([
        payout!.id,
      ]);
      expect((await own.stripe.payouts.list({ arrival_date: { lt: payout!.arrival_date } })).data).toEqual([]);
      expect((await own.stripe.payouts.list({ status: 'paid' })).data).toHaveLength(1);
      expect((await own.stripe.payouts.list({ status: 'in_transit' })).data).toHaveLength(0);
      expect((await own.stripe.payouts.list({ created: { gt: payout!.created } })).data).toHaveLength(0);
      expect((await own.stripe.payouts.list({ destination: payout!.destination as string })).data).toHaveLength(1);
      const noSuch = await rejectionOf<Stripe.errors.StripeError>(() => own.stripe.payouts.retrieve('po_nope'));
      expect(noSuch).toMatchObject({ statusCode: 404, message: "No such payout: 'po_nope'" });

      // The next day's run pays out the later charge, alone.
      own.sim.admin.advanceClock(3 * DAY);
      const next = await own.http('POST', '/_simulator/payouts/run', { json: {} });
      expect(next.status).toBe(200);
      expect(next.body.data.map((p: Stripe.Payout) => p.amount)).toEqual([4825]);
      own.check(next.body);
      const second = await allHeld(own.stripe, next.body.data[0].id);
      expect(second.filter((x) => x.type === 'charge').map((x) => x.source)).toEqual([later.latest_charge]);
    } finally {
      await own.close();
    }
  });

  it('keeps balance transactions, what each payout holds, and payouts across a restart', async () => {
    const dir = tempDir();
    const stateFile = `${dir.path}/state.json`;
    try {
      const first = await startTestSim({ stateFile, persistDebounceMs: 20 });
      await first.stripe.paymentIntents.create({
        amount: 1234,
        currency: 'cad',
        confirm: true,
        payment_method: 'pm_card_bypassPending',
        ...CARD_ONLY,
      });
      const [payout] = first.sim.admin.runPayouts();
      await first.close();
      const second = await startTestSim({ stateFile });
      try {
        const held = await allHeld(second.stripe, payout!.id);
        expect(held.map((x) => [x.type, x.net])).toEqual([
          ['payout', -1168], // 1234 - (2.9% of 12.34 = 0.36, + 0.30)
          ['charge', 1168],
        ]);
        expect(second.check(await second.stripe.payouts.retrieve(payout!.id)).amount).toBe(1168);
      } finally {
        await second.close();
      }
    } finally {
      dir.cleanup();
    }
  });

  it('with automaticPayouts, pays out by itself once a day, and funds become available as time passes', async () => {
    const own = await startTestSim({ automaticPayouts: true });
    try {
      const payNow = (payment_method: string) =>
        own.stripe.paymentIntents.create({
          amount: 1000,
          currency: 'cad',
          confirm: true,
          payment_method,
          ...CARD_ONLY,
        });
      const [pending] = [await payNow('pm_card_visa'), await payNow('pm_card_bypassPending')];
      // Within a second or two (the sweep runs every second): today's payout of what is available.
      const first = await vi.waitFor(
        async () => {
          const list = await own.stripe.payouts.list();
          expect(list.data).toHaveLength(1);
          return list.data[0]!;
        },
        { timeout: 5000, interval: 50 },
      );
      expect(first).toMatchObject({ amount: 941, automatic: true, status: 'in_transit' });
      // The sweep keeps running every second, but the day's payout has gone out: no second one the same day.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await own.stripe.payouts.list()).data).toHaveLength(1);
      // Four days on (past the first one's arrival even from a Friday), the card charge's funds are available and
      // that day's payout takes them.
      own.sim.admin.advanceClock(4 * DAY);
      const second = await vi.waitFor(
        async () => {
          const list = await own.stripe.payouts.list();
          expect(list.data).toHaveLength(2);
          return list.data[0]!;
        },
        { timeout: 5000, interval: 50 },
      );
      const held = await allHeld(own.stripe, second.id);
      expect(held.filter((x) => x.type === 'charge').map((x) => x.source)).toEqual([pending!.latest_charge]);
      expect((await own.stripe.payouts.retrieve(first.id)).status).toBe('paid');
    } finally {
      await own.close();
    }
  });

  it('a key needs rak_balance_read for balance transactions and rak_payout_read for payouts', async () => {
    const key = t.sim.admin.mintRestrictedKey(['rak_balance_read']);
    expect((await t.http('GET', '/v1/balance', { key })).status).toBe(200);
    expect((await t.http('GET', '/v1/balance_transactions', { key })).status).toBe(200);
    const refused = await t.http('GET', '/v1/payouts', { key });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("Having the 'rak_payout_read' permission");
  });
});

async function allHeld(stripe: Stripe, payout: string): Promise<Stripe.BalanceTransaction[]> {
  const out: Stripe.BalanceTransaction[] = [];
  for await (const txn of stripe.balanceTransactions.list({ payout })) out.push(txn);
  return out;
}
