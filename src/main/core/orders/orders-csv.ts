/**
 * The order history as CSV, for the owner's spreadsheet or bookkeeper: amounts as plain decimals in major units,
 * dates on the shop PC's clock, statuses in the words the history shows, each tax (GST, PST, HST…) in a column of
 * its own. Two files: one row per order, and one row per line of those orders. csv-stringify does the quoting
 * (commas, quotes and line breaks in names and notes); cells people typed are defused as formulas.
 */
import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { toDecimal } from '#shared/money';
import { localDateTime } from '#shared/local-day';
import { ORDER_STATUS_WORDS } from '#shared/order-status-words';
import type { OrderStatus } from '#shared/contract';
import { escapeFormula } from '../spreadsheet-text';
import type { LineExportRow, OrderExportRow } from './export-snapshot';
import { taxesByName, type LineTaxSplit } from './line-taxes';

const text = escapeFormula;

// CRLF as RFC 4180 says; the byte-order mark makes Excel read names with accents as UTF-8. With CRLF as the
// record delimiter csv-stringify would leave a lone line break (a note typed with Enter) unquoted, which
// spreadsheets read as a new row: such cells are quoted too.
const CSV_OPTIONS: Options = { header: true, record_delimiter: 'windows', bom: true, quoted_match: /[\r\n]/ };

export const orderColumns = (taxNames: readonly string[]) => [
  'Order',
  'Date',
  'Status',
  'Customer',
  'Phone',
  'Email',
  'Card last 4',
  'Currency',
  'Subtotal',
  ...taxNames,
  'Tax',
  'Total',
  'Refunded',
  'Dispute',
  'Stripe PaymentIntent',
  'Review',
];

export const lineColumns = (taxNames: readonly string[]) => [
  'Order',
  'Date',
  'SKU',
  'Description',
  'Quantity',
  'Unit price',
  'Tax class',
  'Subtotal',
  ...taxNames,
  'Tax',
  'Line total',
  'Currency',
];

/** A status Till does not know (none should exist) is written as stored rather than dropped. */
const statusWords = (status: string) => ORDER_STATUS_WORDS[status as OrderStatus] ?? status;

export function orderRecord(row: OrderExportRow, taxNames: readonly string[]): string[] {
  const money = (minor: number) => toDecimal(minor, row.currency);
  const taxes = taxesByName(row.taxes);
  return [
    String(row.number),
    localDateTime(row.created_at),
    statusWords(row.status),
    text(row.customer_name),
    text(row.customer_phone),
    text(row.customer_email),
    row.card_last4 ?? '',
    row.currency,
    money(row.subtotal),
    ...taxNames.map((name) => money(taxes.get(name) ?? 0)),
    money(row.tax_total),
    money(row.total),
    money(row.amount_refunded),
    row.dispute_status ?? '',
    row.payment_intent_id ?? '',
    text(row.review_reason),
  ];
}

export function lineRecord(row: LineExportRow, split: LineTaxSplit, taxNames: readonly string[]): string[] {
  const money = (minor: number) => toDecimal(minor, row.currency);
  return [
    String(row.number),
    localDateTime(row.created_at),
    text(row.sku),
    text(row.description),
    String(row.quantity),
    money(row.unit_price),
    row.tax_class,
    money(row.subtotal),
    ...taxNames.map((name) => money(split.get(name) ?? 0)),
    money(row.tax),
    money(row.total),
    row.currency,
  ];
}

/** csv-stringify's stream: records in, CSV text out, as fast as the file takes it. */
export const csvStream = (columns: string[]): Stringifier => stringify({ ...CSV_OPTIONS, columns });
