import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLED_EVENT_TYPES } from '#core/events/event-processor';
import { createHistorySummary } from '#core/orders/history-summary';
import { createOrderStore } from '#core/orders/order-store';
import type { PaymentState } from '#core/orders/order-state';
import type { HistorySummary, OrdersListInput, PaymentOutcome } from '#shared/contract';

type OrdersTotalsFilter = Omit<NonNullable<OrdersListInput>, 'cursor' | 'limit'>;
import { localDay } from '#shared/local-day';
import { seededRandom, shuffled } from '../support/random';
import { startTill, type TestTill } from '../support/till';

/**
 * Issue 17: the history's totals and daily chart are read from order_days, kept per shop-local day by triggers on
 * orders. After random payments, refunds and disputes — Stripe's events delivered shuffled and several times over,
 * orders moved to other days, and random writes straight through the order store — every day's figures and every
 * total must equal a full recount over the orders themselves.
 */

/** Every day's figures recounted from the orders, the way the totals define them; days with no order left out. */
const RECOUNT = `
  SELECT date(created_at / 1000, 'unixepoch', 'localtime') AS day, currency, count(*) AS orders,
         sum(payment_state = 'paid') AS charged,
         sum(CASE WHEN payment_state = 'paid' THEN total ELSE 0 END) AS gross,
         sum(CASE WHEN payment_state = 'paid' THEN amount_refunded ELSE 0 END) AS refunded,
         sum(CASE WHEN payment_state = 'paid' AND dispute_status = 'lost' THEN coalesce(dispute_amount, 0) ELSE 0 END)
           AS disputes_lost
    FROM orders GROUP BY day, currency ORDER BY day, currency`;
const KEPT = `SELECT day, currency, orders, charged, gross, refunded, disputes_lost FROM order_days
               WHERE orders <> 0 OR charged <> 0 OR gross <> 0 OR refunded <> 0 OR disputes_lost <> 0
               ORDER BY day, currency`;

describe('per-day totals equal a full recount', () => {
  let core: TestTill;
  let stripe: Stripe;
  const random = seededRandom(17);
  const DAY = 86_400_000;
  /** A month on the shop's clock, with orders spread over it and the days around it. */
  const monthStart = new Date(2026, 9, 1).getTime();

  const kept = () => core.till.db.prepare(KEPT).all();
  const recount = () => core.till.db.prepare(RECOUNT).all();
  const totals = async (filter: Record<string, unknown>) => {
    const result = await core.call<HistorySummary>('orders.totals', filter);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  /**
   * The same filter answered twice: from order_days, and (minTotal: 0 matches every order) from the orders. Both in
   * one synchronous step, so that no Stripe event the poller hands over can land between the two.
   */
  async function expectSameFromBothPaths(filter: OrdersTotalsFilter) {
    const summary = createHistorySummary(core.till.db).summary;
    const fromDays = summary(filter);
    const fromOrders = summary({ ...filter, minTotal: 0 });
    expect(fromDays).toEqual(fromOrders);
    expect(await totals(filter)).toMatchObject({ daily: { days: { length: fromDays.daily!.days.length } } });
    return fromDays;
  }

  beforeAll(async () => {
    core = await startTill({ training: true });
    stripe = new Stripe(core.training!.simulator.keys.secret, {
      host: '127.0.0.1',
      port: core.training!.simulator.port,
      protocol: 'http',
    });
  });
  afterAll(() => core.stop());

  it('after random payments, refunds and disputes with shuffled, repeated events', async () => {
    const simulator = core.training!.simulator;
    const DISPUTE_CARDS = new Set(['4000000000000259', '4000000000002685']);
    const cards = ['4242424242424242', '4242424242424242', '4000000000000002', ...DISPUTE_CARDS];
    const paid: { orderId: string; total: number; card: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const unitPrice = 500 + Math.floor(random() * 20_000);
      const card = cards[Math.floor(random() * cards.length)]!;
      const result = await core.call<PaymentOutcome>('checkout.pay', {
        checkoutId: randomUUID(),
        cart: { lines: [{ kind: 'custom', description: 'Gear', unitPrice, taxClass: 'zero_rated' }] },
        customer: { name: `Caller ${i}`, phone: '250 555 0101', email: '' },
        note: '',
        confirmationTokenId: await core.confirmationToken(card),
      });
      if (!result.ok) throw new Error(result.error.message);
      if (result.value.status === 'paid') paid.push({ orderId: result.value.orderId, total: unitPrice, card });
      // Spread over the month and a few days either side; the triggers move the order's figures with it.
      const at = monthStart + Math.floor((random() * 36 - 3) * DAY);
      core.till.db.prepare('UPDATE orders SET created_at = ? WHERE id = ?').run(at, result.value.orderId);
    }
    const intentOf = (orderId: string) =>
      core.till.db.prepare('SELECT payment_intent_id FROM orders WHERE id = ?').pluck().get(orderId) as string;
    for (const { orderId, total, card } of paid) {
      // A dispute card's charge is charged back when the simulator's timer fires, and Stripe refuses to refund a
      // charged-back charge: refunding one here made the test depend on the machine's speed.
      if (random() < 0.4 && !DISPUTE_CARDS.has(card))
        await stripe.refunds.create({ payment_intent: intentOf(orderId), amount: 1 + Math.floor(random() * total) });
    }
    simulator.admin.runPendingJobs();
    for (const dispute of (await stripe.disputes.list({ limit: 100 })).data) {
      if (random() < 0.5) await stripe.disputes.close(dispute.id);
      else await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'losing_evidence' } });
    }
    simulator.admin.runPendingJobs();

    const handled = new Set<string>(HANDLED_EVENT_TYPES);
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) if (handled.has(event.type)) events.push(event);
    const deliveries = shuffled(
      events.flatMap((event) => [event, structuredClone(event), structuredClone(event)]),
      random,
    );
    for (let i = 0; i < deliveries.length; i += 7) core.till.events.ingest(deliveries.slice(i, i + 7), 'events_api');

    const lost = core.till.db.prepare("SELECT count(*) FROM orders WHERE dispute_status = 'lost'").pluck().get();
    const refunded = core.till.db.prepare('SELECT count(*) FROM orders WHERE amount_refunded > 0').pluck().get();
    expect(lost).toBeGreaterThan(0); // the run exercised both
    expect(refunded).toBeGreaterThan(0);
    expect(kept()).toEqual(recount());

    const month = await expectSameFromBothPaths({ from: localDay(monthStart), to: '2026-10-31' });
    expect(month.daily!.days).toHaveLength(31);
    await expectSameFromBothPaths({});
    await expectSameFromBothPaths({ from: '2026-10-10' });
    await expectSameFromBothPaths({ to: '2026-10-20' });
    const whole = await expectSameFromBothPaths({ from: '2026-09-01', to: '2026-11-30' });
    expect(whole.totals[0]!.orders).toBe(24);
  });

  it('after random writes through the order store, in several currencies, undone or not', async () => {
    const store = createOrderStore(core.till.db);
    const states: PaymentState[] = ['processing', 'requires_action', 'failed', 'paid', 'needs_review', 'canceled'];
    const ids: string[] = [];
    for (let step = 0; step < 600; step++) {
      const roll = random();
      const id = ids[Math.floor(random() * ids.length)];
      if (roll < 0.2 || !id) {
        const newId = randomUUID();
        const amount = 100 + Math.floor(random() * 10_000);
        const currency = random() < 0.7 ? 'CAD' : 'USD';
        store.create(
          newId,
          { currency, lines: [], subtotal: amount, taxes: [], taxTotal: 0, total: amount },
          { name: 'Direct', phone: '', email: '' },
          '',
          'system',
        );
        core.till.db
          .prepare('UPDATE orders SET created_at = ? WHERE id = ?')
          .run(monthStart + Math.floor(random() * 40 * DAY), newId);
        ids.push(newId);
      } else if (roll < 0.45) {
        store.advancePayment(id, states[Math.floor(random() * states.length)]!, Date.now() + step);
      } else if (roll < 0.65) {
        const total = core.till.db.prepare('SELECT total FROM orders WHERE id = ?').pluck().get(id) as number;
        store.setAmountRefunded(id, Math.floor(random() * total), { onlyUp: random() < 0.5 });
      } else if (roll < 0.8) {
        const status = ['warning_needs_response', 'needs_response', 'under_review', 'lost', 'won'][
          Math.floor(random() * 5)
        ]!;
        store.recordDispute(id, { status, amount: Math.floor(random() * 5000) });
      } else if (roll < 0.9) {
        // A batch that fails part-way leaves neither the order's facts nor its day's figures changed.
        expect(() =>
          store.transaction(() => {
            store.advancePayment(id, 'paid', Date.now() + step);
            store.setAmountRefunded(id, 1, { onlyUp: false });
            throw new Error('crash in the middle');
          }),
        ).toThrow('crash in the middle');
      } else {
        core.till.db
          .prepare('UPDATE orders SET created_at = ? WHERE id = ?')
          .run(monthStart + Math.floor(random() * 40 * DAY), id);
      }
      if (step % 50 === 0) expect(kept()).toEqual(recount());
    }
    expect(kept()).toEqual(recount());
    const both = await expectSameFromBothPaths({ from: '2026-10-01', to: '2026-10-31' });
    expect(both.totals.map((t) => t.currency).sort()).toEqual(['CAD', 'USD']);
    await expectSameFromBothPaths({ from: '2026-10-05', to: '2026-11-09' });
  });
});
