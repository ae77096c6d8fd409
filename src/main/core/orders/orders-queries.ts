/**
 * The owner's view of the order log: orders matching a filter, newest first, and what they add up to.
 *
 * The WHERE clause holds only the conditions the filter uses (history-where.ts); the statements for each shape of
 * filter are prepared once and kept. Money totals cover every matching order, not only the page sent.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import type {
  DailySales,
  HistoryTotals,
  OrderSummary,
  OrdersListInput,
  OrdersPage,
  OrderStatus,
} from '#shared/contract';
import type { LinkStatus } from '../payments/link-store';
import { linkState } from '../payments/link-state';
import { historyWhere, type Params, type Where } from './history-where';
import { localDay, localMidnight } from '#shared/local-day';

const DEFAULT_LIMIT = 100;
/** The chart's days when the filter names no start: the last 30. */
const CHART_DAYS = 30;
/** At most a year of bars: past that the chart keeps the latest days of the range. */
const MOST_CHART_DAYS = 366;

/** The card that paid, or was tried last: what the owner recognizes an order by. */
const CARD_LAST4 = `(SELECT a.card_last4 FROM payment_attempts a
                      WHERE a.order_id = o.id AND a.card_last4 IS NOT NULL
                      ORDER BY a.attempt_no DESC LIMIT 1)`;

/** Who took the order: one lookup by primary key per row shown. */
const STAFF_NAME = '(SELECT s.name FROM staff s WHERE s.id = o.staff_id)';

/** The latest payment link's status and expiry ("open 1765000000000"): one lookup by (order, link_no) per row. */
const LATEST_LINK = `(SELECT l.status || ' ' || l.expires_at FROM payment_links l
                       WHERE l.order_id = o.id ORDER BY l.link_no DESC LIMIT 1)`;

/** What the history's status column says of an unpaid order's link: waiting for the customer, or expired. */
function linkShown(orderStatus: string, latest: string | null, at: number): OrderSummary['linkState'] {
  if (!latest || (orderStatus !== 'open' && orderStatus !== 'failed')) return null;
  const [linkStatus, expiresAt] = latest.split(' ');
  const state = linkState(linkStatus as LinkStatus, Number(expiresAt), at);
  return state === 'waiting' || state === 'expired' ? state : null;
}

/** `where` with one more condition. */
const and = (where: Where, condition: string) => (where.sql ? `${where.sql} AND ${condition}` : `WHERE ${condition}`);

interface OrderSummaryRow {
  id: string;
  number: number;
  status: string;
  currency: string;
  total: number;
  amount_refunded: number;
  customer_name: string;
  created_at: number;
  review_reason: string | null;
  card_last4: string | null;
  staff_name: string | null;
  latest_link: string | null;
}

/** Every day the chart shows, oldest first: the filter's range, or the last 30 days up to its end (or today). */
function chartDays(filter: NonNullable<OrdersListInput>, now: number): string[] {
  const last = filter.to ?? localDay(now);
  let first = filter.from ?? localDay(localMidnight(last, 1 - CHART_DAYS));
  if (localMidnight(first, MOST_CHART_DAYS) <= localMidnight(last))
    first = localDay(localMidnight(last, 1 - MOST_CHART_DAYS));
  const days: string[] = [];
  for (let i = 0; ; i++) {
    const day = localDay(localMidnight(first, i));
    if (day > last) return days;
    days.push(day);
  }
}

export function createOrdersQueries(db: Db, now: () => number = Date.now) {
  /** Prepared statements by their SQL: one per shape of filter the owner has used, prepared once. */
  const statements = new Map<string, Statement>();
  function all<Row>(sql: string, params: Params): Row[] {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement.all(params) as Row[];
  }

  const list = (where: Where, limit: number) =>
    all<OrderSummaryRow>(
      `SELECT o.id, o.number, o.status, o.currency, o.total, o.amount_refunded, o.customer_name, o.created_at,
              o.review_reason, ${CARD_LAST4} AS card_last4, ${STAFF_NAME} AS staff_name,
              ${LATEST_LINK} AS latest_link
         FROM orders o ${where.sql}
        ORDER BY o.created_at DESC, o.number DESC
        LIMIT :limit`,
      { ...where.params, limit },
    );
  // Only a charged order moved money; what refunds and lost disputes took back is counted on those orders.
  const totals = (where: Where) =>
    all<Omit<HistoryTotals, 'net'>>(
      `SELECT o.currency,
              count(*) AS orders,
              coalesce(sum(o.payment_state = 'paid'), 0) AS charged,
              coalesce(sum(CASE WHEN o.payment_state = 'paid' THEN o.total END), 0) AS gross,
              coalesce(sum(CASE WHEN o.payment_state = 'paid' THEN o.amount_refunded END), 0) AS refunded,
              coalesce(sum(CASE WHEN o.payment_state = 'paid' AND o.dispute_status = 'lost'
                                THEN coalesce(o.dispute_amount, 0) END), 0) AS disputesLost
         FROM orders o ${where.sql}
        GROUP BY o.currency
        ORDER BY count(*) DESC, o.currency`,
      where.params,
    ).map((t) => ({ ...t, net: t.gross - t.refunded - t.disputesLost }));
  // Sales by the day the order was placed; refunds and lost disputes count against that day, as in the totals.
  const daily = (where: Where, currency: string) =>
    all<{ day: string; charged: number; net: number }>(
      `SELECT date(o.created_at / 1000, 'unixepoch', 'localtime') AS day,
              count(*) AS charged,
              sum(o.total - o.amount_refunded
                  - CASE WHEN o.dispute_status = 'lost' THEN coalesce(o.dispute_amount, 0) ELSE 0 END) AS net
         FROM orders o ${and(where, "o.payment_state = 'paid' AND o.currency = :currency")}
        GROUP BY day`,
      { ...where.params, currency },
    );

  function dailySales(filter: NonNullable<OrdersListInput>, currency: string): DailySales {
    const days = chartDays(filter, now());
    if (days.length === 0) return { currency, days: [] }; // a range that starts after today
    const sales = new Map(daily(historyWhere(filter, localMidnight(days[0]!)), currency).map((row) => [row.day, row]));
    return {
      currency,
      days: days.map((day) => ({ day, charged: sales.get(day)?.charged ?? 0, net: sales.get(day)?.net ?? 0 })),
    };
  }

  const refunds = db.prepare<[string], { amount: number; at: number }>(
    "SELECT amount, updated_at AS at FROM refunds WHERE order_id = ? AND status = 'succeeded' ORDER BY created_at",
  );

  return {
    /** The refunds Stripe made for an order, as its receipt lists them. */
    refundsOf: (orderId: string) => refunds.all(orderId),
    list(filter: OrdersListInput = {}): OrdersPage {
      const where = historyWhere(filter ?? {});
      const limit = filter?.limit ?? DEFAULT_LIMIT;
      const rows = list(where, limit + 1);
      const sums = totals(where);
      return {
        orders: rows.slice(0, limit).map((row) => ({
          id: row.id,
          number: row.number,
          status: row.status as OrderStatus,
          currency: row.currency,
          total: row.total,
          amountRefunded: row.amount_refunded,
          customerName: row.customer_name,
          createdAt: row.created_at,
          reviewReason: row.review_reason,
          cardLast4: row.card_last4,
          staffName: row.staff_name,
          linkState: linkShown(row.status, row.latest_link, now()),
        })),
        hasMore: rows.length > limit,
        totals: sums,
        daily: sums[0] ? dailySales(filter ?? {}, sums[0].currency) : null,
      };
    },
  };
}
export type OrdersQueries = ReturnType<typeof createOrdersQueries>;
