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
  /** JSON [{name, rateBp, amount}], as on the receipt. */
  taxes: string;
  total: number;
  amount_refunded: number;
  dispute_status: string | null;
  payment_intent_id: string | null;
  review_reason: string | null;
}

export interface LineExportRow {
  order_id: string;
  number: number;
  created_at: number;
  currency: string;
  taxes: string;
  sku: string | null;
  description: string;
  quantity: number;
  unit_price: number;
  tax_class: string;
  subtotal: number;
  tax: number;
  total: number;
}

/** The card of the order's latest attempt that had one. */
const CARD_LAST4 = `(SELECT a.card_last4 FROM payment_attempts a
                      WHERE a.order_id = o.id AND a.card_last4 IS NOT NULL
                      ORDER BY a.attempt_no DESC LIMIT 1)`;

export interface ExportSnapshot {
  /** Orders the filter matches. */
  orderCount(): number;
  /** Lines of those orders. */
  lineCount(): number;
  /** Every tax name on those orders, in the shop's order of taxes (GST before PST), then any others by name. */
  taxNames(): string[];
  /** The names of the taxes each tax class carries, as set up. */
  classTaxes(): ReadonlyMap<string, readonly string[]>;
  orders(): IterableIterator<OrderExportRow>;
  /** Lines grouped by order (an order's lines next to each other, in line order). */
  lines(): IterableIterator<LineExportRow>;
  close(): void;
}

export function openExportSnapshot(db: Db, filter: NonNullable<OrdersListInput>): ExportSnapshot {
  // An in-memory log (some tests) has no file for a second connection to open.
  const own = !db.memory;
  const reader = own ? new Database(db.name, { readonly: true, fileMustExist: true }) : db;
  if (own) {
    reader.pragma('busy_timeout = 5000');
    reader.exec('BEGIN');
  }
  const where = historyWhere(filter);
  const order = 'ORDER BY o.created_at DESC, o.number DESC';
  return {
    orderCount: () =>
      reader
        .prepare(`SELECT count(*) FROM orders o ${where.sql}`)
        .pluck()
        .get(where.params) as number,
    lineCount: () =>
      reader
        .prepare(`SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id ${where.sql}`)
        .pluck()
        .get(where.params) as number,
    taxNames() {
      const known = reader.prepare('SELECT name FROM tax_rates ORDER BY sort_order').pluck().all() as string[];
      // A handful of distinct values (one per mix of taxes and amounts would be many: only the names are kept).
      const used = new Set<string>();
      const names = reader
        .prepare(`SELECT DISTINCT j.value ->> 'name' FROM orders o, json_each(o.taxes) j ${where.sql}`)
        .pluck()
        .all(where.params) as string[];
      for (const name of names) used.add(name);
      const ordered = [...new Set(known)].filter((name) => used.has(name));
      return [...ordered, ...[...used].filter((name) => !ordered.includes(name)).sort()];
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
        .iterate(where.params) as IterableIterator<OrderExportRow>,
    lines: () =>
      reader
        .prepare(
          `SELECT o.id AS order_id, o.number, o.created_at, o.currency, o.taxes, l.sku, l.description, l.quantity,
                  l.unit_price, l.tax_class, l.subtotal, l.tax, l.total
             FROM orders o JOIN order_lines l ON l.order_id = o.id ${where.sql} ${order}, l.line_no`,
        )
        .iterate(where.params) as IterableIterator<LineExportRow>,
    close() {
      if (!own) return;
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
    },
  };
}
