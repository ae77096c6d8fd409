/**
 * Stripe's Search Query Language for PaymentIntents: clauses `field:value` (exact), `field~"sub"` (substring),
 * `field>n`/`<`/`>=`/`<=` (numbers), `-field:value` (negation), joined by AND or by OR (not both);
 * `metadata['key']:'value'`. Searchable fields: amount, created, currency, customer, metadata, status.
 * Results are newest first; `next_page` is an opaque cursor. Stripe's index lags up to a minute; this one does not.
 */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { invalidRequest } from '../api/errors';
import type { Params } from '../api/params';

type Op = ':' | '~' | '>' | '<' | '>=' | '<=';
interface Clause {
  negate: boolean;
  field: string;
  metaKey: string | null;
  op: Op;
  value: string | number | null;
}

const FIELDS = new Set(['amount', 'created', 'currency', 'customer', 'metadata', 'status']);
const CLAUSE =
  /^\s*(-)?([a-z_]+)(?:\[(?:'([^']*)'|"([^"]*)")\])?\s*(>=|<=|:|~|>|<)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(null))\s*/;

function parseError(query: string): Error {
  return invalidRequest(
    `Invalid search query: ${query}. Search queries look like status:'succeeded' AND metadata['order_id']:'6735'. See https://stripe.com/docs/search#search-query-language.`,
    { param: 'query' },
  );
}

export function parseQuery(query: string): { clauses: Clause[]; mode: 'AND' | 'OR' } {
  const clauses: Clause[] = [];
  let rest = query;
  let mode: 'AND' | 'OR' | null = null;
  while (true) {
    const m = CLAUSE.exec(rest);
    if (!m) throw parseError(query);
    const field = m[2]!;
    if (!FIELDS.has(field)) {
      throw invalidRequest(
        `Field \`${field}\` is an unsupported search field for resource \`payment_intents\`. See https://stripe.com/docs/search#query-fields-for-payment-intents for a list of supported fields.`,
        {
          param: 'query',
        },
      );
    }
    const metaKey = m[3] ?? m[4] ?? null;
    if ((field === 'metadata') !== (metaKey !== null)) throw parseError(query);
    const raw = m[6] ?? m[7];
    const value = raw !== undefined ? raw.replace(/\\(.)/g, '$1') : m[8] !== undefined ? Number(m[8]) : null;
    clauses.push({ negate: m[1] === '-', field, metaKey, op: m[5] as Op, value });
    rest = rest.slice(m[0].length);
    if (!rest.trim()) break;
    const joiner = /^(AND|OR)\s+/.exec(rest);
    if (!joiner) throw parseError(query);
    const j = joiner[1] as 'AND' | 'OR';
    if (mode && mode !== j) {
      throw invalidRequest('Search queries cannot mix AND and OR.', { param: 'query' });
    }
    mode = j;
    rest = rest.slice(joiner[0].length);
  }
  if (clauses.length > 10) throw invalidRequest('Search queries can have at most 10 clauses.', { param: 'query' });
  return { clauses, mode: mode ?? 'AND' };
}

function fieldValue(pi: Stripe.PaymentIntent, c: Clause): string | number | null {
  switch (c.field) {
    case 'metadata':
      return pi.metadata[c.metaKey!] ?? null;
    case 'customer':
      return typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
    case 'amount':
      return pi.amount;
    case 'created':
      return pi.created;
    case 'currency':
      return pi.currency;
    case 'status':
      return pi.status;
    default:
      return null;
  }
}

function matches(pi: Stripe.PaymentIntent, c: Clause): boolean {
  const actual = fieldValue(pi, c);
  let ok: boolean;
  switch (c.op) {
    case ':':
      ok =
        c.value === null
          ? actual === null
          : actual !== null && String(actual).toLowerCase() === String(c.value).toLowerCase();
      break;
    case '~':
      ok = actual !== null && String(actual).toLowerCase().includes(String(c.value).toLowerCase());
      break;
    default: {
      const a = Number(actual);
      const b = Number(c.value);
      ok = actual !== null && (c.op === '>' ? a > b : c.op === '<' ? a < b : c.op === '>=' ? a >= b : a <= b);
    }
  }
  return c.negate ? !ok : ok;
}

export function searchPaymentIntents(engine: Engine, p: Params): Stripe.ApiSearchResult<Stripe.PaymentIntent> {
  const query = p.requiredString('query');
  const { clauses, mode } = parseQuery(query);
  const limit = p.int('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('Invalid limit: must be between 1 and 100', {
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
  }
  const page = p.string('page');
  let start = engine.store.paymentIntents.size - 1;
  if (page) {
    const after = Buffer.from(page, 'base64url').toString('utf8');
    const all = engine.store.paymentIntents.values();
    const idx = all.findIndex((pi) => pi.id === after);
    if (idx < 0) throw invalidRequest('Invalid page: the page token is not valid.', { param: 'page' });
    start = idx - 1;
  }
  const all = engine.store.paymentIntents.values();
  const data: Stripe.PaymentIntent[] = [];
  let hasMore = false;
  for (let i = start; i >= 0; i--) {
    const pi = all[i]!;
    const ok = mode === 'AND' ? clauses.every((c) => matches(pi, c)) : clauses.some((c) => matches(pi, c));
    if (!ok) continue;
    if (data.length === limit) {
      hasMore = true;
      break;
    }
    data.push(pi);
  }
  return {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(data.at(-1)!.id, 'utf8').toString('base64url') : null,
    url: '/v1/payment_intents/search',
  } as Stripe.ApiSearchResult<Stripe.PaymentIntent>;
}
