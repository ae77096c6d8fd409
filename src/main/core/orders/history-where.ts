/**
 * The history's filter as SQL: a WHERE clause assembled only from the fixed fragments below (never from what the
 * owner typed, which goes in as bound parameters), holding just the conditions the filter uses. A condition that
 * is absent is left out rather than written as `:x IS NULL OR …`, so that SQLite can use the order log's indexes:
 * a range of days walks `orders_by_created`, a status `orders_by_status_newest`, a card's last 4 is looked up in
 * `payment_attempts_by_card`, part of a name in the trigram index `orders_search`.
 */
import type { OrdersListInput } from '#shared/contract';
import { localMidnight } from '#shared/local-day';
import { foldForSearch } from '../db/search-fold';

export type Params = Record<string, string | number>;

export interface Where {
  /** "WHERE …", or '' when nothing is filtered. Also the key under which its statements are kept. */
  sql: string;
  /**
   * The page is best found by walking orders_by_created newest first and checking each order (text that no index
   * holds, or that so many orders hold that gathering them all would cost more): SQLite is told so.
   */
  walk: boolean;
  params: Params;
}

/** Trigrams need three characters: shorter text is looked for order by order (see searchClause). */
export const SHORTEST_INDEXED = 3;

/** The search index's query for text: parts of names, e-mails and notes, and of phone numbers by their digits. */
export function searchWords(text: string): string {
  const words = [`{customer_name customer_email note} : ${ftsString(text)}`];
  const digits = text.replace(/\D/g, '');
  if (/^[\d\s().+-]+$/.test(text) && digits.length >= SHORTEST_INDEXED) {
    words.push(`customer_phone_digits : ${ftsString(digits)}`);
  }
  return words.join(' OR ');
}

/**
 * Text as one FTS5 string: a substring to find, whatever characters it holds (" is doubled). Control characters,
 * which no name, e-mail or note holds, become spaces: FTS5 reads a NUL as the end of the query and refuses it.
 */
// eslint-disable-next-line no-control-regex
const ftsString = (text: string) => `"${text.replace(/[\u0000-\u001f\u007f]/g, ' ').replaceAll('"', '""')}"`;

/**
 * What one search box can mean: an order number, a card's last 4, a PaymentIntent id (each an exact lookup through
 * its index), or part of a name, e-mail, note or phone number (the trigram index orders_search, migration 11).
 * Every alternative is an indexed lookup, so SQLite unions their rows instead of walking the log.
 *
 * Text of one or two characters has no trigram, and text that thousands of orders hold ("Smith") would have SQLite
 * gather and sort every one of them: both are compared order by order instead, newest first, and a page stops as
 * soon as it is full, which for common text is after a few hundred orders.
 */
function searchClause(text: string, params: Params, options: SearchOptions): string {
  params.search = text;
  const either = ['o.payment_intent_id = :search'];
  const number = /^#?(\d{1,9})$/.exec(text);
  if (number) {
    params.number = Number(number[1]);
    either.push('o.number = :number');
  }
  if (/^\d{4}$/.test(text)) {
    params.last4 = text;
    either.push('o.id IN (SELECT a.order_id FROM payment_attempts a WHERE a.card_last4 = :last4)');
  }
  if (options.newestMatches !== undefined) {
    params.newestMatches = JSON.stringify(options.newestMatches);
    either.push('o.rowid IN (SELECT value FROM json_each(:newestMatches))');
  } else if ([...text].length >= SHORTEST_INDEXED && !options.common) {
    params.words = searchWords(text);
    either.push('o.rowid IN (SELECT rowid FROM orders_search WHERE orders_search MATCH :words)');
  } else {
    // Common text is walked instead of looked up, but must find what the index finds (its totals are the index's):
    // it is compared without accents and case, as the index compares (db/search-fold.ts, on the writer's connection,
    // the only one that walks). Text too short for the index is compared as it always was, both for rows and totals.
    const folded = [...text].length >= SHORTEST_INDEXED;
    params.part = folded ? foldForSearch(text) : text.toLowerCase();
    const comparable = (column: string) => (folded ? `till_fold(${column})` : `lower(${column})`);
    either.push(
      `(instr(${comparable('o.customer_name')}, :part) OR instr(${comparable("coalesce(o.customer_email, '')")}, :part) ` +
        `OR instr(${comparable('o.note')}, :part))`,
    );
    const digits = text.replace(/\D/g, '');
    if (/^[\d\s().+-]+$/.test(text) && digits.length >= SHORTEST_INDEXED) {
      params.digits = digits;
      either.push('instr(o.customer_phone_digits, :digits)');
    }
  }
  return `(${either.join(' OR ')})`;
}

export interface SearchOptions {
  /** The text is in so many orders that walking them newest first fills a page sooner than the index would. */
  common?: boolean;
  /**
   * The search index's matches already found (rowids), instead of asking the index for every match: the newest
   * ones, walked newest first (see `newestFirst` in orders-queries.ts).
   */
  newestMatches?: number[];
}

/** `from` moves the first day later than the filter's (the chart asks for its own range). */
export function historyWhere(
  filter: Omit<NonNullable<OrdersListInput>, 'cursor'>,
  from?: number,
  search: SearchOptions = {},
): Where {
  const params: Params = {};
  const clauses: string[] = [];
  if (filter.status) {
    params.status = filter.status;
    // The owner's "needs review" also finds orders flagged for their attention whatever their status.
    // Each half through its own index (orders_by_status_newest, orders_for_review): few orders, never a walk of the log.
    clauses.push(
      filter.status === 'needs_review'
        ? `o.rowid IN (SELECT rowid FROM orders WHERE status = :status
                       UNION SELECT rowid FROM orders INDEXED BY orders_for_review WHERE review_reason IS NOT NULL)`
        : 'o.status = :status',
    );
  }
  const start = Math.max(filter.from ? localMidnight(filter.from) : -Infinity, from ?? -Infinity);
  if (start > -Infinity) {
    params.from = start;
    clauses.push('o.created_at >= :from');
  }
  if (filter.to) {
    params.before = localMidnight(filter.to, 1);
    clauses.push('o.created_at < :before');
  }
  // Between two amounts, orders_by_total finds the few orders in the range; above (or below) one amount alone
  // matches most orders, found sooner by walking newest first than by sorting them all: the `+` keeps the index out.
  const byTotal = filter.minTotal !== undefined && filter.maxTotal !== undefined ? 'o.total' : '+o.total';
  if (filter.minTotal !== undefined) {
    params.minTotal = filter.minTotal;
    clauses.push(`${byTotal} >= :minTotal`);
  }
  if (filter.maxTotal !== undefined) {
    params.maxTotal = filter.maxTotal;
    clauses.push(`${byTotal} <= :maxTotal`);
  }
  if (filter.staffId) {
    params.staffId = filter.staffId;
    clauses.push('o.staff_id = :staffId');
  }
  const text = filter.search?.trim();
  if (text) clauses.push(searchClause(text, params, search));
  const walk =
    !!text && search.newestMatches === undefined && (search.common === true || [...text].length < SHORTEST_INDEXED);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, walk };
}
