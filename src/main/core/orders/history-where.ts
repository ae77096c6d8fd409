/**
 * The history's filter as SQL: a WHERE clause assembled only from the fixed fragments below (never from what the
 * owner typed, which goes in as bound parameters), holding just the conditions the filter uses. A condition that
 * is absent is left out rather than written as `:x IS NULL OR …`, so that SQLite can use the order log's indexes:
 * a range of days walks `orders_by_created`, a card's last 4 is looked up in `payment_attempts_by_card`.
 */
import type { OrdersListInput } from '#shared/contract';
import { localMidnight } from '#shared/local-day';

export type Params = Record<string, string | number>;

export interface Where {
  /** "WHERE …", or '' when nothing is filtered. Also the key under which its statements are kept. */
  sql: string;
  params: Params;
}

/** What one search box can mean: an order number, a card's last 4, a phone number, a name, an email, a pi_ id. */
function searchClause(text: string, params: Params): string {
  params.search = text;
  params.like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const either = [
    'o.payment_intent_id = :search',
    "o.customer_name LIKE :like ESCAPE '\\'",
    "o.customer_email LIKE :like ESCAPE '\\'",
  ];
  const number = /^#?(\d{1,9})$/.exec(text);
  if (number) {
    params.number = Number(number[1]);
    either.push('o.number = :number');
  }
  const digits = text.replace(/\D/g, '');
  if (/^[\d\s().+-]+$/.test(text) && digits.length >= 3) {
    params.phone = `%${digits}%`;
    either.push('o.customer_phone_digits LIKE :phone');
  }
  if (/^\d{4}$/.test(text)) {
    params.last4 = text;
    either.push('o.id IN (SELECT a.order_id FROM payment_attempts a WHERE a.card_last4 = :last4)');
  }
  return `(${either.join(' OR ')})`;
}

/** `from` moves the first day later than the filter's (the chart asks for its own range). */
export function historyWhere(filter: NonNullable<OrdersListInput>, from?: number): Where {
  const params: Params = {};
  const clauses: string[] = [];
  if (filter.status) {
    params.status = filter.status;
    // The owner's "needs review" also finds orders flagged for their attention whatever their status.
    clauses.push(
      filter.status === 'needs_review' ? '(o.status = :status OR o.review_reason IS NOT NULL)' : 'o.status = :status',
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
  if (filter.minTotal !== undefined) {
    params.minTotal = filter.minTotal;
    clauses.push('o.total >= :minTotal');
  }
  if (filter.maxTotal !== undefined) {
    params.maxTotal = filter.maxTotal;
    clauses.push('o.total <= :maxTotal');
  }
  if (filter.staffId) {
    params.staffId = filter.staffId;
    clauses.push('o.staff_id = :staffId');
  }
  const text = filter.search?.trim();
  if (text) clauses.push(searchClause(text, params));
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
