/**
 * What the history's filter adds up to: totals per currency and the daily chart.
 *
 * With no filter, or only a range of days, both are read from order_days (migration 11): each day's figures, kept by
 * triggers in the same transaction as the facts they add up, so a month costs ≤ 31 rows and a year ≤ 366 whatever
 * the size of the log. A filter those rows cannot answer (a status, a search, a staff member, an amount) adds up the
 * matching orders themselves, with the same rules.
 */
import type { DailySales, HistorySummary, HistoryTotals, OrdersListInput } from '#shared/contract';
import { localDay, localMidnight } from '#shared/local-day';
import type { Db } from '../db/open';
import { historyWhere, type Params, type Where } from './history-where';
import { preparedCache } from './prepared-cache';

type Filter = Omit<NonNullable<OrdersListInput>, 'cursor' | 'limit'>;

/** The chart's days when the filter names no start: the last 30. */
const CHART_DAYS = 30;
/** At most a year of bars: past that the chart keeps the latest days of the range. */
const MOST_CHART_DAYS = 366;

/** Every day the chart shows, oldest first: the filter's range, or the last 30 days up to its end (or today). */
function chartDays(filter: Filter, now: number): string[] {
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

/** `where` with one more condition. */
const and = (where: Where, condition: string) => (where.sql ? `${where.sql} AND ${condition}` : `WHERE ${condition}`);

/** Only days filter this one: order_days answers it. */
const byDaysOnly = (filter: Filter) =>
  Object.entries(filter).every(([key, value]) => value === undefined || key === 'from' || key === 'to');

/** The days of order_days a range covers, as a WHERE over its `day` column. */
function dayRange(from: string | undefined, to: string | undefined): Where {
  const params: Params = {};
  const clauses: string[] = [];
  if (from) {
    params.from = from;
    clauses.push('day >= :from');
  }
  if (to) {
    params.to = to;
    clauses.push('day <= :to');
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, walk: false };
}

type DayFigures = { day: string; charged: number; net: number };
const withNet = (t: Omit<HistoryTotals, 'net'>): HistoryTotals => ({
  ...t,
  net: t.gross - t.refunded - t.disputesLost,
});

export function createHistorySummary(db: Db, now: () => number = Date.now) {
  const all = preparedCache(db);

  const fromDays = {
    totals: (range: Where) =>
      all<Omit<HistoryTotals, 'net'>>(
        `SELECT currency, sum(orders) AS orders, sum(charged) AS charged, sum(gross) AS gross,
                sum(refunded) AS refunded, sum(disputes_lost) AS disputesLost
           FROM order_days ${range.sql}
          GROUP BY currency HAVING sum(orders) > 0
          ORDER BY sum(orders) DESC, currency`,
        range.params,
      ).map(withNet),
    daily: (range: Where, currency: string) =>
      all<DayFigures>(
        `SELECT day, charged, gross - refunded - disputes_lost AS net FROM order_days
          ${and(range, 'currency = :currency')}`,
        { ...range.params, currency },
      ),
  };

  // Only a charged order moved money; what refunds and lost disputes took back is counted on those orders.
  const fromOrders = {
    totals: (where: Where) =>
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
      ).map(withNet),
    // Sales by the day the order was placed; refunds and lost disputes count against that day, as in the totals.
    daily: (where: Where, currency: string) =>
      all<DayFigures>(
        `SELECT date(o.created_at / 1000, 'unixepoch', 'localtime') AS day,
                count(*) AS charged,
                sum(o.total - o.amount_refunded
                    - CASE WHEN o.dispute_status = 'lost' THEN coalesce(o.dispute_amount, 0) ELSE 0 END) AS net
           FROM orders o ${and(where, "o.payment_state = 'paid' AND o.currency = :currency")}
          GROUP BY day`,
        { ...where.params, currency },
      ),
  };

  function dailySales(filter: Filter, currency: string): DailySales {
    const days = chartDays(filter, now());
    if (days.length === 0) return { currency, days: [] }; // a range that starts after today
    const rows = byDaysOnly(filter)
      ? fromDays.daily(dayRange(days[0], days.at(-1)), currency)
      : fromOrders.daily(historyWhere(filter, localMidnight(days[0]!)), currency);
    const sales = new Map(rows.map((row) => [row.day, row]));
    return {
      currency,
      days: days.map((day) => ({ day, charged: sales.get(day)?.charged ?? 0, net: sales.get(day)?.net ?? 0 })),
    };
  }

  return {
    summary(input: Filter | undefined = {}): HistorySummary {
      const filter = input ?? {};
      const totals = byDaysOnly(filter)
        ? fromDays.totals(dayRange(filter.from, filter.to))
        : fromOrders.totals(historyWhere(filter));
      return { totals, daily: totals[0] ? dailySales(filter, totals[0].currency) : null };
    },
  };
}
