/**
 * The order history as CSV, for the owner's spreadsheet or bookkeeper: amounts as plain decimals in major units,
 * dates on the shop PC's clock, statuses in the words the history shows, each tax (GST, PST, HST…) in a column of
 * its own. Two files: one row per order, and one row per line of those orders. csv-stringify does the quoting
 * (commas, quotes and line breaks in names and notes); cells people typed are defused as formulas.
 */
import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { disputeWords } from '#shared/disputes';
import { minorDigits, toDecimal } from '#shared/money';
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
  'Status',
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

/**
 * toDecimal, with the currency's decimals looked up once per currency rather than once per cell: at a million
 * orders of a dozen amounts each, the lookup was a tenth of the export.
 */
function moneyFormat() {
  let currency = '';
  let digits = 2;
  return (minor: number, code: string) => {
    if (code !== currency) {
      currency = code;
      digits = minorDigits(code);
    }
    if (digits === 2 && minor >= 0) {
      const whole = Math.floor(minor / 100);
      const cents = minor - whole * 100;
      return `${whole}.${cents < 10 ? '0' : ''}${cents}`;
    }
    return toDecimal(minor, code);
  };
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
/** localDateTime from one Date rather than two. */
function dateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** dateTime, kept for the next row: an order's lines follow each other and share its moment. */
function dateTimes() {
  let last = NaN;
  let text = '';
  return (ms: number) => {
    if (ms !== last) {
      last = ms;
      text = dateTime(ms);
    }
    return text;
  };
}

/** The orders file's records: the tax columns are the export's, an order without one of them shows 0. */
export function orderRecords(taxNames: readonly string[]) {
  const money = moneyFormat();
  return (row: OrderExportRow): string[] => {
    const [number, createdAt, status, name, phone, email, last4, currency, subtotal, taxTotal, taxesJson, total] = row;
    const [, , , , , , , , , , , , refunded, dispute, intent, review] = row;
    const taxes = taxesByName(taxesJson);
    const record = [
      String(number),
      dateTime(createdAt),
      statusWords(status),
      text(name),
      text(phone),
      text(email),
      last4 ?? '',
      currency,
      money(subtotal, currency),
    ];
    for (const tax of taxNames) record.push(money(taxes.get(tax) ?? 0, currency));
    record.push(
      money(taxTotal, currency),
      money(total, currency),
      money(refunded, currency),
      dispute ? disputeWords(dispute) : '',
      intent ?? '',
      text(review),
    );
    return record;
  };
}

/** The lines file's records, each with its share of each of its order's taxes (line-taxes.ts). */
export function lineRecords(taxNames: readonly string[]) {
  const money = moneyFormat();
  const dateTime = dateTimes();
  return (row: LineExportRow, split: LineTaxSplit): string[] => {
    const [, number, createdAt, currency, , sku, description, quantity, unitPrice, taxClass, subtotal, tax, total] =
      row;
    const record = [
      String(number),
      dateTime(createdAt),
      statusWords(row[14]),
      text(sku),
      text(description),
      String(quantity),
      money(unitPrice, currency),
      taxClass,
      money(subtotal, currency),
    ];
    for (const name of taxNames) record.push(money(split.get(name) ?? 0, currency));
    record.push(money(tax, currency), money(total, currency), currency);
    return record;
  };
}

/**
 * csv-stringify's stream: records in, CSV text out, as fast as the file takes it. A file written in parts has the
 * byte-order mark and the header only in its first; every record ends with the record delimiter, so the parts'
 * texts joined are the file.
 */
export const csvStream = (columns: string[], { first = true } = {}): Stringifier =>
  stringify({ ...CSV_OPTIONS, columns, header: first, bom: first });
