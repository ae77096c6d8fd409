/**
 * What an export reads, from its own read-only connection to the order log. Rows are read one at a time
 * (better-sqlite3's iterate), and an open iterator keeps its connection busy: on Till's one connection a payment
 * arriving mid-export would fail. A second connection in one read transaction also gives the export a snapshot, so
 * the count it reports, the tax columns it chose and the rows it writes all describe the same moment, whatever is
 * written meanwhile (WAL lets readers and the writer go on together).
 */
import Database from 'better-sqlite3';
import type { OrdersListInput } from '#shared/contract';
import type { Db } from '../db/open';
import { historyWhere } from './history-where';

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
];

/** The card of the order's latest attempt that had one. */
const CARD_LAST4 = `(SELECT a.card_last4 FROM payment_attempts a
                      WHERE a.order_id = o.id AND a.card_last4 IS NOT NULL
                      ORDER BY a.attempt_no DESC LIMIT 1)`;

export interface ExportSnapshot {
  /** Orders the filter matches. */
  orderCount(): number;
  /** Lines of those orders. */
  lineCount(): number;
  /** The shop's taxes that those orders carry, in the shop's order (GST before PST). */
  taxNames(): string[];
  /** The names of the taxes each tax class carries, as set up. */
  classTaxes(): ReadonlyMap<string, readonly string[]>;
  orders(): IterableIterator<OrderExportRow>;
  /** Lines grouped by order (an order's lines next to each other, in line order). */
  lines(): IterableIterator<LineExportRow>;
  close(): void;
}

/** `where` with one more condition. */
const and = (where: string, condition: string) => (where ? `${where} AND ${condition}` : `WHERE ${condition}`);

export function openExportSnapshot(db: Db, filter: NonNullable<OrdersListInput>): ExportSnapshot {
  // An in-memory log (some tests) has no file for a second connection to open.
  const own = !db.memory;
  const reader = own ? new Database(db.name, { readonly: true, fileMustExist: true }) : db;
  if (own) {
    reader.pragma('busy_timeout = 5000');
    reader.exec('BEGIN');
  }
  const where = historyWhere(filter);
  // Newest first, as the history lists them; rowid (the order of writing) breaks ties as orders_by_created keeps
  // them, so the index gives the order without a sort of the whole log.
  const order = 'ORDER BY o.created_at DESC, o.rowid DESC';
  return {
    orderCount: () => reader.prepare(`SELECT count(*) FROM orders o ${where.sql}`).pluck().get(where.params) as number,
    lineCount: () =>
      reader
        .prepare(`SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id ${where.sql}`)
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
    orders: () =>
      reader
        .prepare(
          `SELECT o.number, o.created_at, o.status, o.customer_name, o.customer_phone, o.customer_email,
                  ${CARD_LAST4} AS card_last4, o.currency, o.subtotal, o.tax_total, o.taxes, o.total,
                  o.amount_refunded, o.dispute_status, o.payment_intent_id, o.review_reason
             FROM orders o ${where.sql} ${order}`,
        )
        .raw()
        .iterate(where.params) as IterableIterator<OrderExportRow>,
    lines: () =>
      reader
        .prepare(
          `SELECT o.rowid, o.number, o.created_at, o.currency, o.taxes, l.sku, l.description, l.quantity,
                  l.unit_price, l.tax_class, l.subtotal, l.tax, l.total
             FROM orders o JOIN order_lines l ON l.order_id = o.id ${where.sql} ${order}, l.line_no`,
        )
        .raw()
        .iterate(where.params) as IterableIterator<LineExportRow>,
    close() {
      if (!own) return;
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
    },
  };
}
