/**
 * What an export reads, from its own read-only connection to the order log. Rows are read one at a time
 * (better-sqlite3's iterate), and an open iterator keeps its connection busy: on Till's one connection a payment
 * arriving mid-export would fail. A second connection in one read transaction also gives the export a snapshot, so
 * the count it reports, the tax columns it chose and the rows it writes all describe the same moment, whatever is
 * written meanwhile (WAL lets readers and the writer go on together).
 *
 * A large export is written by two threads at once (export-in-parts.ts), each reading its own stretch of the
 * history through a connection of its own: `stretches` cuts the history there, in the history's order.
 */
import Database from 'better-sqlite3';
import type { OrdersListInput } from '#shared/contract';
import type { Db } from '../db/open';
import { historyWhere, type Where } from './history-where';

/**
 * Rows come as arrays (better-sqlite3's raw mode), in the order of these columns: building an object per row
 * cost a third of the read.
 */
export type OrderExportRow = [
  number: number,
  createdAt: number,
  status: string,
  customerName: string,
  customerPhone: string,
  customerEmail: string | null,
  cardLast4: string | null,
  currency: string,
  subtotal: number,
  taxTotal: number,
  /** JSON [{name, rateBp, amount}], as on the receipt. */
  taxes: string,
  total: number,
  amountRefunded: number,
  disputeStatus: string | null,
  paymentIntentId: string | null,
  reviewReason: string | null,
];

export type LineExportRow = [
  /** The order's rowid: tells one order's lines from the next. */
  order: number,
  number: number,
  createdAt: number,
  currency: string,
  taxes: string,
  sku: string | null,
  description: string,
  quantity: number,
  unitPrice: number,
  taxClass: string,
  subtotal: number,
  tax: number,
  total: number,
  lineNo: number,
  /** The order's status, so that a sum of the file can leave out the lines of orders that were never paid. */
  status: string,
];

/** The card of the order's latest attempt that had one. */
const CARD_LAST4 = `(SELECT a.card_last4 FROM payment_attempts a
                      WHERE a.order_id = o.id AND a.card_last4 IS NOT NULL
                      ORDER BY a.attempt_no DESC LIMIT 1)`;

/** An order's place in the history, which lists orders newest first by when they were placed, then by number. */
export type OrderKey = [createdAt: number, number: number];

/** A stretch of the history: its orders from `first` (included) down to `next` (not included); null is an end. */
export interface HistoryStretch {
  first: OrderKey | null;
  next: OrderKey | null;
}

export const WHOLE_HISTORY: HistoryStretch = { first: null, next: null };
/** From an order down to that same order, not included: nothing. */
const NO_ORDERS: HistoryStretch = { first: [0, 0], next: [0, 0] };

export interface ExportSnapshot {
  /** Orders the filter matches. */
  orderCount(): number;
  /** Lines of those orders. */
  lineCount(): number;
  /** The shop's taxes that those orders carry, in the shop's order (GST before PST). */
  taxNames(): string[];
  /** The names of the taxes each tax class carries, as set up. */
  classTaxes(): ReadonlyMap<string, readonly string[]>;
  /** The history's `count` orders (orderCount's) cut into `parts` stretches of about as many each, newest first. */
  stretches(parts: number, count: number): HistoryStretch[];
  orders(stretch?: HistoryStretch): IterableIterator<OrderExportRow>;
  /** Lines grouped by order (an order's lines next to each other, in line order). */
  lines(stretch?: HistoryStretch): IterableIterator<LineExportRow>;
  close(): void;
}

/** `where` with one more condition. */
const and = (where: string, condition: string) => (where ? `${where} AND ${condition}` : `WHERE ${condition}`);

/** Whether the filter matches at least `count` orders; it stops counting there. */
export function hasAtLeast(db: Db, filter: NonNullable<OrdersListInput>, count: number): boolean {
  const where = historyWhere(filter);
  const found = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM orders o ${where.sql} LIMIT :atLeast)`)
    .pluck()
    .get({ ...where.params, atLeast: count }) as number;
  return found >= count;
}

export function openExportSnapshot(db: Db, filter: NonNullable<OrdersListInput>): ExportSnapshot {
  // An in-memory log (some tests) has no file for a second connection to open.
  if (db.memory) return snapshotOn(db, filter, { own: false });
  const snapshot = openExportReader(db.name, filter);
  snapshot.begin();
  return snapshot;
}

/**
 * A snapshot on a connection of its own to the log at `file`, for a thread other than the one that writes. Its
 * moment is fixed by `begin`: the caller chooses when.
 */
export function openExportReader(
  file: string,
  filter: NonNullable<OrdersListInput>,
): ExportSnapshot & { begin(): void } {
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  // An export reads each page once, in order: SQLite's usual page cache (16 MB) would only hold what is done with.
  reader.pragma('cache_size = -1000');
  return {
    ...snapshotOn(reader, filter, { own: true }),
    begin() {
      reader.exec('BEGIN');
      // A read transaction takes its snapshot at its first read: this one costs nothing.
      reader.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    },
  };
}

/** Each end of a stretch as SQL on the history's order (created_at, then number), with its bound parameters. */
function stretchWhere(where: Where, stretch: HistoryStretch): Where {
  const params = { ...where.params };
  const conditions: string[] = [];
  if (stretch.first) {
    [params.stretchFirstAt, params.stretchFirstNumber] = stretch.first;
    conditions.push('(o.created_at, o.number) <= (:stretchFirstAt, :stretchFirstNumber)');
  }
  if (stretch.next) {
    [params.stretchNextAt, params.stretchNextNumber] = stretch.next;
    conditions.push('(o.created_at, o.number) > (:stretchNextAt, :stretchNextNumber)');
  }
  const sql = conditions.reduce((sql, condition) => and(sql, condition), where.sql);
  return { ...where, sql, params };
}

function snapshotOn(reader: Db, filter: NonNullable<OrdersListInput>, { own }: { own: boolean }): ExportSnapshot {
  const where = historyWhere(filter);
  // Newest first, as the history lists them, in the order of orders_by_created (created_at, number): the index
  // gives the order without a sort of the whole log, and an order's lines follow through their own key.
  const order = 'ORDER BY o.created_at DESC, o.number DESC';
  return {
    orderCount: () => reader.prepare(`SELECT count(*) FROM orders o ${where.sql}`).pluck().get(where.params) as number,
    // Every line belongs to an order (a foreign key), so the whole history's lines are counted without the orders:
    // at a million orders that is a tenth of the time, and it is the time before the file's first row.
    lineCount: () =>
      reader
        .prepare(
          where.sql
            ? `SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id ${where.sql}`
            : 'SELECT count(*) FROM order_lines',
        )
        .pluck()
        .get(where.params) as number,
    taxNames() {
      // Tax rates are written at set-up, before the first order, so every order's taxes are among the shop's. Each
      // is looked for until its first order (a full walk only for a tax no exported order has): reading every
      // order's taxes as JSON to list them would cost seconds at a million orders.
      const known = reader.prepare('SELECT DISTINCT name FROM tax_rates ORDER BY sort_order').pluck().all() as string[];
      const carried = reader
        .prepare(`SELECT EXISTS (SELECT 1 FROM orders o ${and(where.sql, 'instr(o.taxes, :taxName) > 0')})`)
        .pluck();
      return known.filter((name) => carried.get({ ...where.params, taxName: JSON.stringify({ name }).slice(1, -1) }));
    },
    classTaxes() {
      const map = new Map<string, string[]>();
      const rows = reader.prepare('SELECT tax_class, name FROM tax_rates ORDER BY sort_order').all() as {
        tax_class: string;
        name: string;
      }[];
      for (const row of rows) map.set(row.tax_class, [...(map.get(row.tax_class) ?? []), row.name]);
      return map;
    },
    stretches(parts, count) {
      // Fewer orders than parts: the first stretch holds them all, the others none.
      if (count < parts) return Array.from({ length: parts }, (_, part) => (part === 0 ? WHOLE_HISTORY : NO_ORDERS));
      const keyAt = reader
        .prepare(`SELECT o.created_at, o.number FROM orders o ${where.sql} ${order} LIMIT 1 OFFSET :offset`)
        .raw();
      const cuts: (OrderKey | null)[] = [null];
      for (let part = 1; part < parts; part++) {
        cuts.push(keyAt.get({ ...where.params, offset: Math.round((count * part) / parts) }) as OrderKey);
      }
      cuts.push(null);
      return cuts.slice(0, -1).map((first, part) => ({ first, next: cuts[part + 1]! }));
    },
    orders: (stretch = WHOLE_HISTORY) => {
      const within = stretchWhere(where, stretch);
      return reader
        .prepare(
          `SELECT o.number, o.created_at, o.status, o.customer_name, o.customer_phone, o.customer_email,
                  ${CARD_LAST4} AS card_last4, o.currency, o.subtotal, o.tax_total, o.taxes, o.total,
                  o.amount_refunded, o.dispute_status, o.payment_intent_id, o.review_reason
             FROM orders o ${within.sql} ${order}`,
        )
        .raw()
        .iterate(within.params) as IterableIterator<OrderExportRow>;
    },
    lines: (stretch = WHOLE_HISTORY) => {
      const within = stretchWhere(where, stretch);
      // CROSS JOIN keeps the orders outside: SQLite would otherwise walk every line and sort them all by order. An
      // order's lines come through their key (order, line number), in line order; sorting them by line number too
      // would cost a sort per order, so export-csv.ts puts them in order should they ever come otherwise.
      return reader
        .prepare(
          `SELECT o.rowid, o.number, o.created_at, o.currency, o.taxes, l.sku, l.description, l.quantity,
                  l.unit_price, l.tax_class, l.subtotal, l.tax, l.total, l.line_no, o.status
             FROM orders o CROSS JOIN order_lines l ON l.order_id = o.id ${within.sql} ${order}`,
        )
        .raw()
        .iterate(within.params) as IterableIterator<LineExportRow>;
    },
    close() {
      if (!own) return;
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
    },
  };
}
