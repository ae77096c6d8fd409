/**
 * The owner's view of the order log: orders matching a filter, newest first, and what they add up to.
 *
 * One statement serves every combination of filters (`:x IS NULL OR …`), so nothing is built from strings. The
 * history is read by a person, a page at a time, so these queries favour clarity over the hot-path rules in
 * docs/architecture.md. Money totals cover every matching order, not only the page sent.
 */
import type { Db } from '../db/open';
import type { DailySales, HistoryTotals, OrdersListInput, OrdersPage, OrderStatus } from '../../../shared/contract';

const DEFAULT_LIMIT = 100;
/** The chart's days when the filter names no start: the last 30. */
const CHART_DAYS = 30;
/** At most a year of bars: past that the chart keeps the latest days of the range. */
const MOST_CHART_DAYS = 366;

/** The filter as bound parameters; null means "any". */
interface Bound {
  status: string | null;
  from: number | null;
  before: number | null;
  minTotal: number | null;
  maxTotal: number | null;
  search: string | null;
  like: string | null;
  number: number | null;
  phone: string | null;
  last4: string | null;
}

/** Digits of the phone as typed: callers give it in any format, so both sides are compared as digits only. */
const PHONE_DIGITS_SQL = `replace(replace(replace(replace(replace(replace(o.customer_phone, ' ', ''), '-', ''), '(', ''),
                                   ')', ''), '.', ''), '+', '')`;

const WHERE = `
  WHERE (:status IS NULL OR o.status = :status
         OR (:status = 'needs_review' AND o.review_reason IS NOT NULL))
    AND (:from IS NULL OR o.created_at >= :from)
    AND (:before IS NULL OR o.created_at < :before)
    AND (:minTotal IS NULL OR o.total >= :minTotal)
    AND (:maxTotal IS NULL OR o.total <= :maxTotal)
    AND (:search IS NULL
         OR o.number = :number
         OR o.payment_intent_id = :search
         OR o.customer_name LIKE :like ESCAPE '\\'
         OR o.customer_email LIKE :like ESCAPE '\\'
         OR (:phone IS NOT NULL AND ${PHONE_DIGITS_SQL} LIKE :phone)
         OR (:last4 IS NOT NULL AND EXISTS (SELECT 1 FROM payment_attempts a
                                             WHERE a.order_id = o.id AND a.card_last4 = :last4)))`;

/** Everything the CSV export writes for an order. */
export interface OrderExportRow {
  number: number;
  created_at: number;
  status: string;
  customer_name: string;
  customer_phone: string;
  customer_email: string | null;
  card_last4: string | null;
  currency: string;
  subtotal: number;
  tax_total: number;
  total: number;
  amount_refunded: number;
  dispute_status: string | null;
  payment_intent_id: string | null;
  review_reason: string | null;
}

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
}

/** Local midnight of a YYYY-MM-DD day on this PC's clock, `addDays` later. */
function localMidnight(day: string, addDays = 0): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + addDays).getTime();
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The YYYY-MM-DD of an instant on this PC's clock (SQLite's 'localtime' uses the same clock). */
const dayOf = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** Every day the chart shows, oldest first: the filter's range, or the last 30 days up to its end (or today). */
function chartDays(filter: NonNullable<OrdersListInput>, now: number): string[] {
  const last = filter.to ?? dayOf(now);
  let first = filter.from ?? dayOf(localMidnight(last, 1 - CHART_DAYS));
  if (localMidnight(first, MOST_CHART_DAYS) <= localMidnight(last))
    first = dayOf(localMidnight(last, 1 - MOST_CHART_DAYS));
  const days: string[] = [];
  for (let i = 0; ; i++) {
    const day = dayOf(localMidnight(first, i));
    if (day > last) return days;
    days.push(day);
  }
}

/** What one search box can mean: an order number, a card's last 4, a phone number, a name, an email, a pi_ id. */
function searchTerms(search: string | undefined): Pick<Bound, 'search' | 'like' | 'number' | 'phone' | 'last4'> {
  const text = search?.trim() ?? '';
  if (!text) return { search: null, like: null, number: null, phone: null, last4: null };
  const numberMatch = /^#?(\d{1,9})$/.exec(text);
  const digits = text.replace(/\D/g, '');
  const phoneLike = /^[\d\s().+-]+$/.test(text) && digits.length >= 3;
  return {
    search: text,
    like: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    number: numberMatch ? Number(numberMatch[1]) : null,
    phone: phoneLike ? `%${digits}%` : null,
    last4: /^\d{4}$/.test(text) ? text : null,
  };
}

function bind(filter: NonNullable<OrdersListInput>): Bound {
  return {
    status: filter.status ?? null,
    from: filter.from ? localMidnight(filter.from) : null,
    before: filter.to ? localMidnight(filter.to, 1) : null,
    minTotal: filter.minTotal ?? null,
    maxTotal: filter.maxTotal ?? null,
    ...searchTerms(filter.search),
  };
}

export function createOrdersRepository(db: Db, now: () => number = Date.now) {
  const list = db.prepare<Bound & { limit: number }, OrderSummaryRow>(
    `SELECT o.id, o.number, o.status, o.currency, o.total, o.amount_refunded, o.customer_name, o.created_at,
            o.review_reason,
            (SELECT a.card_last4 FROM payment_attempts a
              WHERE a.order_id = o.id AND a.card_last4 IS NOT NULL
              ORDER BY a.attempt_no DESC LIMIT 1) AS card_last4
       FROM orders o ${WHERE}
      ORDER BY o.created_at DESC, o.number DESC
      LIMIT :limit`,
  );
  // Only a charged order moved money; what refunds and lost disputes took back is counted on those orders.
  const totals = db.prepare<Bound, Omit<HistoryTotals, 'net'>>(
    `SELECT o.currency,
            count(*) AS orders,
            coalesce(sum(o.payment_state = 'paid'), 0) AS charged,
            coalesce(sum(CASE WHEN o.payment_state = 'paid' THEN o.total END), 0) AS gross,
            coalesce(sum(CASE WHEN o.payment_state = 'paid' THEN o.amount_refunded END), 0) AS refunded,
            coalesce(sum(CASE WHEN o.payment_state = 'paid' AND o.dispute_status = 'lost'
                              THEN coalesce(o.dispute_amount, 0) END), 0) AS disputesLost
       FROM orders o ${WHERE}
      GROUP BY o.currency
      ORDER BY count(*) DESC, o.currency`,
  );

  // Sales by the day the order was placed; refunds and lost disputes count against that day, as in the totals.
  const daily = db.prepare<Bound & { currency: string }, { day: string; charged: number; net: number }>(
    `SELECT date(o.created_at / 1000, 'unixepoch', 'localtime') AS day,
            count(*) AS charged,
            sum(o.total - o.amount_refunded
                - CASE WHEN o.dispute_status = 'lost' THEN coalesce(o.dispute_amount, 0) ELSE 0 END) AS net
       FROM orders o ${WHERE} AND o.payment_state = 'paid' AND o.currency = :currency
      GROUP BY day`,
  );
  const exportRows = db.prepare<Bound, OrderExportRow>(
    `SELECT o.number, o.created_at, o.status, o.customer_name, o.customer_phone, o.customer_email,
            (SELECT a.card_last4 FROM payment_attempts a
              WHERE a.order_id = o.id AND a.card_last4 IS NOT NULL
              ORDER BY a.attempt_no DESC LIMIT 1) AS card_last4,
            o.currency, o.subtotal, o.tax_total, o.total, o.amount_refunded, o.dispute_status, o.payment_intent_id,
            o.review_reason
       FROM orders o ${WHERE}
      ORDER BY o.created_at DESC, o.number DESC`,
  );

  function dailySales(filter: NonNullable<OrdersListInput>, bound: Bound, currency: string): DailySales {
    const days = chartDays(filter, now());
    if (days.length === 0) return { currency, days: [] }; // a range that starts after today
    const from = localMidnight(days[0]!);
    const sales = new Map(
      daily.all({ ...bound, from: Math.max(from, bound.from ?? from), currency }).map((row) => [row.day, row]),
    );
    return {
      currency,
      days: days.map((day) => ({ day, charged: sales.get(day)?.charged ?? 0, net: sales.get(day)?.net ?? 0 })),
    };
  }

  return {
    /** Every order the filter matches (no limit), newest first, with the columns a spreadsheet needs. */
    exportRows(filter: OrdersListInput = {}): OrderExportRow[] {
      return exportRows.all(bind(filter ?? {}));
    },
    list(filter: OrdersListInput = {}): OrdersPage {
      const bound = bind(filter ?? {});
      const limit = filter?.limit ?? DEFAULT_LIMIT;
      const rows = list.all({ ...bound, limit: limit + 1 });
      const sums = totals.all(bound).map((t) => ({ ...t, net: t.gross - t.refunded - t.disputesLost }));
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
        })),
        hasMore: rows.length > limit,
        totals: sums,
        daily: sums[0] ? dailySales(filter ?? {}, bound, sums[0].currency) : null,
      };
    },
  };
}
export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
