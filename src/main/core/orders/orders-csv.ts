/**
 * The order history as CSV, for the owner's spreadsheet or bookkeeper: one row per order, amounts as plain
 * decimals in major units, dates on the shop PC's clock. csv-stringify does the quoting (commas, quotes and line
 * breaks in names and notes).
 */
import { stringify } from 'csv-stringify/sync';
import { toDecimal } from '#shared/money';
import { localDateTime } from '#shared/local-day';
import { escapeFormula } from '../spreadsheet-text';
import type { OrderExportRow } from './orders-queries';

const text = escapeFormula;

const COLUMNS = [
  'Order',
  'Date',
  'Status',
  'Customer',
  'Phone',
  'Email',
  'Card last 4',
  'Currency',
  'Subtotal',
  'Tax',
  'Total',
  'Refunded',
  'Dispute',
  'Stripe PaymentIntent',
  'Review',
];

export function ordersCsv(rows: readonly OrderExportRow[]): string {
  return stringify(
    rows.map((row) => [
      row.number,
      localDateTime(row.created_at),
      row.status,
      text(row.customer_name),
      text(row.customer_phone),
      text(row.customer_email),
      row.card_last4 ?? '',
      row.currency,
      toDecimal(row.subtotal, row.currency),
      toDecimal(row.tax_total, row.currency),
      toDecimal(row.total, row.currency),
      toDecimal(row.amount_refunded, row.currency),
      row.dispute_status ?? '',
      row.payment_intent_id ?? '',
      text(row.review_reason),
    ]),
    // CRLF as RFC 4180 says; the byte-order mark makes Excel read names with accents as UTF-8. With CRLF as the
    // record delimiter csv-stringify would leave a lone line break (a note typed with Enter) unquoted, which
    // spreadsheets read as a new row: such cells are quoted too.
    { header: true, columns: COLUMNS, record_delimiter: 'windows', bom: true, quoted_match: /[\r\n]/ },
  );
}
