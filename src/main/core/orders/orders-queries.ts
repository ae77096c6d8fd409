/**
 * The owner's view of the order log: orders matching a filter, newest first, a page at a time, and what they add up
 * to (history-summary.ts).
 *
 * The WHERE clause holds only the conditions the filter uses (history-where.ts); the statements for each shape of
 * filter are prepared once and kept. Pages are keyset pages: the next one starts after the last order sent, by
 * (created_at, number), read from the same index as the first, so page 10,000 costs what page 1 does.
 */
import type { Db } from '../db/open';
import type { HistoryCursor, OrderSummary, OrdersListInput, OrdersPage, OrderStatus } from '#shared/contract';
import type { LinkStatus } from '../payments/link-store';
import { linkState } from '../payments/link-state';
import { createHistorySummary } from './history-summary';
import { historyWhere, SHORTEST_INDEXED, searchWords, type Where } from './history-where';
import { preparedCache } from './prepared-cache';

const DEFAULT_LIMIT = 100;
/** How many of the newest orders a walk reads before leaving the page to the indexes (see `walked`). */
const WALK_WINDOW = 20_000;

/** The card that paid, or was tried last: what the owner recognizes an order by. */
const CARD_LAST4 = `(SELECT a.card_last4 FROM payment_attempts a
                      WHERE a.order_id = o.id AND a.card_last4 IS NOT NULL
                      ORDER BY a.attempt_no DESC LIMIT 1)`;

/** Who took the order: one lookup by primary key per row shown. */
const STAFF_NAME = '(SELECT s.name FROM staff s WHERE s.id = o.staff_id)';

/**
 * The latest payment link of the row's order, its status and expiry as two columns: per row, one probe of the
 * (order, link_no) index for the newest number, then that link by the same index.
 */
const LATEST_LINK = `LEFT JOIN payment_links l ON l.order_id = o.id
                      AND l.link_no = (SELECT n.link_no FROM payment_links n
                                        WHERE n.order_id = o.id ORDER BY n.link_no DESC LIMIT 1)`;

/** What the history's status column says of an unpaid order's link: waiting for the customer, or expired. */
function linkShown(row: OrderSummaryRow, at: number): OrderSummary['linkState'] {
  if (row.link_status === null || row.link_expires_at === null) return null;
  if (row.status !== 'open' && row.status !== 'failed') return null;
  const state = linkState(row.link_status, row.link_expires_at, at);
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
  /** The latest link's, or null without a link. */
  link_status: LinkStatus | null;
  link_expires_at: number | null;
}

export function createOrdersQueries(db: Db, now: () => number = Date.now) {
  const all = preparedCache(db);
  const list = (where: Where, limit: number) =>
    all<OrderSummaryRow>(
      // The page is chosen first, by rowid, and only its rows look up their card, staff and link: a filter whose
      // matches are gathered and sorted (a search, an amount) would otherwise look them up for every match. CROSS
      // JOIN keeps the page as the outer loop (else SQLite may walk every order to probe the page).
      `SELECT o.id, o.number, o.status, o.currency, o.total, o.amount_refunded, o.customer_name, o.created_at,
              o.review_reason, ${CARD_LAST4} AS card_last4, ${STAFF_NAME} AS staff_name,
              l.status AS link_status, l.expires_at AS link_expires_at
         FROM (SELECT o.rowid AS id FROM orders o ${where.walk ? 'INDEXED BY orders_by_created' : ''} ${where.sql}
                ORDER BY o.created_at DESC, o.number DESC LIMIT :limit) AS page
         CROSS JOIN orders o ON o.rowid = page.id
         ${LATEST_LINK}
        ORDER BY o.created_at DESC, o.number DESC`,
      { ...where.params, limit },
    );
  const { summary } = createHistorySummary(db, now);
  /** Where the newest WALK_WINDOW orders (after the cursor) begin: a walk newest first stops there. */
  const windowStart = (cursor: HistoryCursor | undefined) =>
    (cursor ? windowAfterCursor.get(cursor.createdAt, cursor.number) : windowFromTop.get()) as number | undefined;
  const windowFromTop = db
    .prepare(`SELECT created_at FROM orders ORDER BY created_at DESC, number DESC LIMIT 1 OFFSET ${WALK_WINDOW}`)
    .pluck();
  const windowAfterCursor = db
    .prepare(
      `SELECT created_at FROM orders WHERE (created_at, number) < (?, ?)
        ORDER BY created_at DESC, number DESC LIMIT 1 OFFSET ${WALK_WINDOW}`,
    )
    .pluck();
  /**
   * A page found by walking newest first, only through the newest WALK_WINDOW orders: every order outside is older
   * than every order inside, so a page filled there is the right page. A page left short is not (the caller asks
   * the whole log then), which keeps a walk from reading the log end to end for text that only old orders hold.
   */
  function walked(where: Where, limit: number, cursor: HistoryCursor | undefined) {
    const start = windowStart(cursor);
    if (start === undefined) return list(where, limit); // fewer orders than the window: the walk reads them all
    return list(
      { ...where, sql: and(where, 'o.created_at >= :windowStart'), params: { ...where.params, windowStart: start } },
      limit,
    );
  }
  // The matches among the newest orders written (the search index's rowids are the log's, in the order written).
  const newestMatches = db
    .prepare<[{ words: string; since: number; limit: number }], number>(
      `SELECT count(*) FROM (SELECT rowid FROM orders_search WHERE orders_search MATCH :words
                              ORDER BY rowid DESC LIMIT :limit) WHERE rowid > :since`,
    )
    .pluck();
  const lastRowid = db.prepare<[], number | null>('SELECT max(rowid) FROM orders').pluck();
  /**
   * Text that fills a page among the newest orders written, so that walking the newest orders finds the page sooner
   * than gathering every match to sort. Only a guide: the walk checks itself (`walked`).
   */
  const isCommon = (search: string | undefined, limit: number) => {
    const text = search?.trim();
    if (!text || [...text].length < SHORTEST_INDEXED) return false;
    const since = (lastRowid.get() ?? 0) - WALK_WINDOW;
    return newestMatches.get({ words: searchWords(text), since, limit: limit + 1 })! > limit;
  };

  // The search index walked newest first (by rowid) from just below a page's start, only above the rowid where the
  // log stops following the history's order (migration 13), stopping once a page is full.
  const indexWalk = db
    .prepare<[{ words: string; above: number; below: number; limit: number }], number>(
      `SELECT rowid FROM orders_search WHERE orders_search MATCH :words AND rowid > :above AND rowid < :below
        ORDER BY rowid DESC LIMIT :limit`,
    )
    .pluck();
  const outOfOrderThrough = db
    .prepare<[], number>('SELECT through_rowid FROM orders_out_of_order WHERE only = 1')
    .pluck();
  const rowidOf = db
    .prepare<[number, number], number>('SELECT rowid FROM orders WHERE created_at = ? AND number = ?')
    .pluck();
  /**
   * A search alone (the history's commonest question) whose text is in many orders: rather than gathering every
   * match to sort it (18,000 for text that thousands of old orders share), the index's matches are read newest
   * first and stop at a page. Above `through_rowid` the rowids follow the history's order and every order was placed
   * after every order below, so a full page of them is the history's page: the exact lookups (order number,
   * PaymentIntent, card) are added, all sorted, and the page kept. A short walk found every match after the cursor
   * when the whole log is in order (rare text: no second look in the index). Anything else (a short walk in a log
   * written partly out of order, a cursor on an order written out of order) is undefined and answered the usual way.
   */
  function newestFirst(
    filter: Omit<OrdersListInput & object, 'cursor' | 'limit'>,
    cursor: HistoryCursor | undefined,
    limit: number,
    after: (where: Where) => Where,
  ) {
    const text = filter.search?.trim();
    const searchOnly = Object.entries(filter).every(([key, value]) => value === undefined || key === 'search');
    if (!text || !searchOnly || [...text].length < SHORTEST_INDEXED) return undefined;
    const above = outOfOrderThrough.get() ?? Number.MAX_SAFE_INTEGER;
    const below = cursor ? rowidOf.get(cursor.createdAt, cursor.number) : Number.MAX_SAFE_INTEGER;
    if (below === undefined || below <= above) return undefined;
    const newestMatches = indexWalk.all({ words: searchWords(text), above, below, limit });
    // A short walk found every match after the cursor, unless some were written out of order (then: the usual way).
    if (newestMatches.length < limit && above > 0) return undefined;
    return list(after(historyWhere(filter, undefined, { newestMatches })), limit);
  }

  const refunds = db.prepare<[string], { amount: number; at: number }>(
    "SELECT amount, updated_at AS at FROM refunds WHERE order_id = ? AND status = 'succeeded' ORDER BY created_at",
  );

  return {
    /** The refunds Stripe made for an order, as its receipt lists them. */
    refundsOf: (orderId: string) => refunds.all(orderId),
    list(input: OrdersListInput = {}): OrdersPage {
      const { cursor, limit = DEFAULT_LIMIT, ...filter } = input ?? {};
      const after = (where: Where) => {
        if (!cursor) return where;
        const params = { ...where.params, cursorAt: cursor.createdAt, cursorNumber: cursor.number };
        return { ...where, params, sql: and(where, '(o.created_at, o.number) < (:cursorAt, :cursorNumber)') };
      };
      /** The page as the filter's indexes or a walk of the newest orders find it. */
      const usual = () => {
        const common = isCommon(filter.search, limit);
        const where = after(historyWhere(filter, undefined, { common }));
        const rows = where.walk ? walked(where, limit + 1, cursor) : list(where, limit + 1);
        // Common text clustered in old orders leaves the newest ones' window short: the index answers instead.
        if (where.walk && rows.length <= limit && common) return list(after(historyWhere(filter)), limit + 1);
        if (where.walk && rows.length <= limit) return list(where, limit + 1);
        return rows;
      };
      const rows = newestFirst(filter, cursor, limit + 1, after) ?? usual();
      const shown = rows.slice(0, limit);
      const last = shown.at(-1);
      const hasMore = rows.length > limit;
      return {
        orders: shown.map((row) => ({
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
          linkState: linkShown(row, now()),
        })),
        hasMore,
        nextCursor: hasMore && last ? { createdAt: last.created_at, number: last.number } : null,
      };
    },
    /** Totals per currency and the daily chart of every order the filter matches. */
    summary,
  };
}
export type OrdersQueries = ReturnType<typeof createOrdersQueries>;
