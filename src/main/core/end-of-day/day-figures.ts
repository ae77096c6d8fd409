/**
 * One day's figures from the order log, on the shop's clock: what the counter sold (orders paid that were taken
 * that day, with each tax), what went back that day (refunds Stripe made, disputes lost), and the sales by card brand
 * and by staff member. Read from the log alone, so the end of day works offline; Stripe's side (fees, what will be
 * deposited, payouts) is added by stripe-day.ts.
 */
import type { DayFigures } from '#shared/contract';
import { localMidnight } from '#shared/local-day';
import type { Db } from '../db/open';

interface PaidRow {
  total: number;
  subtotal: number;
  taxes: string;
  brand: string | null;
  staff: string | null;
}

/** The card that paid: the succeeded attempt's brand; a payment link's card was typed on Stripe's page. */
const PAID_WITH = `coalesce((SELECT a.card_brand FROM payment_attempts a
                              WHERE a.order_id = o.id AND a.status = 'succeeded' LIMIT 1),
                            CASE WHEN EXISTS (SELECT 1 FROM payment_links l
                                               WHERE l.order_id = o.id AND l.status = 'complete')
                                 THEN 'payment_link' END)`;

/** Adds `amount` to the entry named `key` of a running tally, keeping first-seen order. */
function tally<K extends string>(into: Map<K, { count: number; amount: number }>, key: K, amount: number) {
  const entry = into.get(key) ?? { count: 0, amount: 0 };
  entry.count++;
  entry.amount += amount;
  into.set(key, entry);
}

export function createDayFigures(db: Db) {
  const paid = db.prepare<{ from: number; to: number; currency: string }, PaidRow>(
    `SELECT o.total, o.subtotal, o.taxes, ${PAID_WITH} AS brand,
            (SELECT s.name FROM staff s WHERE s.id = o.staff_id) AS staff
       FROM orders o
      WHERE o.created_at >= :from AND o.created_at < :to AND o.payment_state = 'paid' AND o.currency = :currency
      ORDER BY o.created_at`,
  );
  const refunds = db.prepare<{ from: number; to: number; currency: string }, { count: number; amount: number }>(
    `SELECT count(*) AS count, coalesce(sum(amount), 0) AS amount FROM refunds
      WHERE status = 'succeeded' AND updated_at >= :from AND updated_at < :to AND currency = :currency`,
  );
  // Disputes by the day Stripe reported them: opened (charge.dispute.created) and lost (closed as lost).
  const disputes = db.prepare<{ from: number; to: number }, { type: string; payload: string }>(
    `SELECT type, payload FROM stripe_events
      WHERE type IN ('charge.dispute.created', 'charge.dispute.closed')
        AND created >= :from / 1000 AND created < :to / 1000`,
  );

  return {
    of(day: string, currency: string): DayFigures {
      const range = { from: localMidnight(day), to: localMidnight(day, 1), currency };
      const taxes = new Map<string, { count: number; amount: number }>();
      const brands = new Map<string, { count: number; amount: number }>();
      const staff = new Map<string, { count: number; amount: number }>();
      let gross = 0;
      let subtotal = 0;
      let orders = 0;
      for (const row of paid.all(range)) {
        orders++;
        gross += row.total;
        subtotal += row.subtotal;
        for (const tax of JSON.parse(row.taxes) as { name: string; amount: number }[])
          tally(taxes, tax.name, tax.amount);
        tally(brands, row.brand ?? 'unknown', row.total);
        tally(staff, row.staff ?? 'Before staff accounts', row.total);
      }
      const refunded = refunds.get(range)!;
      const dispute = { opened: 0, openedAmount: 0, lost: 0, lostAmount: 0 };
      for (const event of disputes.all(range)) {
        const object = (JSON.parse(event.payload) as { data: { object: { amount?: number; status?: string } } }).data
          .object;
        if (event.type === 'charge.dispute.created') {
          dispute.opened++;
          dispute.openedAmount += object.amount ?? 0;
        } else if (object.status === 'lost') {
          dispute.lost++;
          dispute.lostAmount += object.amount ?? 0;
        }
      }
      const list = (from: Map<string, { count: number; amount: number }>) =>
        [...from].map(([name, entry]) => ({ name, count: entry.count, amount: entry.amount }));
      return {
        day,
        currency,
        orders,
        subtotal,
        taxes: list(taxes).map(({ name, amount }) => ({ name, amount })),
        gross,
        refunds: { count: refunded.count, amount: refunded.amount },
        disputes: dispute,
        net: gross - refunded.amount - dispute.lostAmount,
        byBrand: list(brands),
        byStaff: list(staff),
      };
    },
  };
}
export type DayFiguresQuery = ReturnType<typeof createDayFigures>;
