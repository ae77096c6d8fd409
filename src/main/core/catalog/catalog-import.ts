/**
 * Reads a catalog CSV (the owner's spreadsheet, or Till's own export) into rows to write and row-level errors to
 * show, in words: "row 14: price 'abc' is not a number". Nothing here writes; the owner sees the preview first and
 * confirms the rows, then the store writes them in one transaction.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { Barcode, TaxClass, type CatalogImportPreview, type CatalogImportRow } from '#shared/contract';
import { minorDigits } from '#shared/money';
import { unescapeFormula } from '../spreadsheet-text';
import { containsCardNumber } from '#shared/free-text';

/** The columns Till reads, by their header (case and spaces ignored); the export writes the same headers. */
export const CATALOG_COLUMNS = ['SKU', 'Name', 'Barcode', 'Description', 'Price', 'Tax class', 'Archived'] as const;
type Column = (typeof CATALOG_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['SKU', 'Name', 'Price', 'Tax class'];
/** Past this many products, the owner splits the file: the preview has to stay readable and quick. */
const MOST_ROWS = 10_000;

/** What the preview needs to know of the catalog as it is now. */
export interface CatalogLookup {
  idOfSku(sku: string): string | undefined;
  /** The SKU of the product holding this barcode, if any. */
  skuOfBarcode(barcode: string): string | undefined;
}

const headerKey = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');
const LIMITS = { SKU: 40, Name: 120, Description: 500 } as const;

/** "12.50", "$12.50", "1,299.00" → minor units, or why it is not an amount in this currency. */
function parsePrice(text: string, currency: string): number | 'not a number' | 'too many decimals' {
  const digits = minorDigits(currency);
  const plain = text.replace(/^\$/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(plain);
  if (!match) return 'not a number';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return 'too many decimals';
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || 0);
}

function parseRecords(text: string): { records: { row: number; cells: string[] }[] } | { error: string } {
  try {
    const parsed = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { info: { lines: number }; record: string[] }[];
    // The row as a spreadsheet or text editor numbers it: the line the record ends on (the header is row 1).
    return { records: parsed.map(({ info, record }) => ({ row: info.lines, cells: record })) };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return { error: `${line ? `row ${line}: ` : ''}${error.message.replace(/^Invalid [^:]*: /, '')}` };
    }
    throw error;
  }
}

export function previewCatalogCsv(text: string, currency: string, catalog: CatalogLookup): CatalogImportPreview {
  const errors: CatalogImportPreview['errors'] = [];
  const rows: CatalogImportRow[] = [];
  const parsed = parseRecords(text);
  if ('error' in parsed) return { currency, rows, errors: [{ row: 0, message: parsed.error }] };
  const [header, ...records] = parsed.records;
  if (!header) return { currency, rows, errors: [{ row: 0, message: 'The file is empty.' }] };

  const index = new Map<Column, number>();
  header.cells.forEach((cell, position) => {
    const column = CATALOG_COLUMNS.find((name) => headerKey(name) === headerKey(cell));
    if (column && !index.has(column)) index.set(column, position);
  });
  const missing = REQUIRED.filter((column) => !index.has(column));
  if (missing.length > 0) {
    const columns = missing.map((column) => `'${column}'`).join(', ');
    return {
      currency,
      rows,
      errors: [{ row: header.row, message: `row ${header.row}: the header has no ${columns} column` }],
    };
  }
  if (records.length > MOST_ROWS) {
    return { currency, rows, errors: [{ row: 0, message: `The file has more than ${MOST_ROWS} products. Split it.` }] };
  }

  const rowOfSku = new Map<string, number>();
  const rowOfBarcode = new Map<string, number>();
  for (const { row, cells } of records) {
    const cell = (column: Column) => {
      const position = index.get(column);
      return position === undefined ? '' : unescapeFormula(cells[position] ?? '');
    };
    const problems: string[] = [];
    const sku = cell('SKU');
    const name = cell('Name');
    const description = cell('Description');
    const barcode = cell('Barcode') || null;
    const priceText = cell('Price');
    const taxText = cell('Tax class');
    const archivedText = cell('Archived').toLowerCase();

    if (!sku) problems.push('SKU is missing');
    if (!name) problems.push('name is missing');
    for (const column of ['SKU', 'Name', 'Description'] as const) {
      if (cell(column).length > LIMITS[column]) {
        problems.push(`${column.toLowerCase()} is longer than ${LIMITS[column]} characters`);
      }
      // Never the digits themselves in the message: the error list is shown and may be kept.
      if (containsCardNumber(cell(column)))
        problems.push(`${column.toLowerCase()} holds what looks like a card number`);
    }
    if (sku && rowOfSku.has(sku)) problems.push(`duplicate SKU '${sku}' (also on row ${rowOfSku.get(sku)})`);

    const price = priceText ? parsePrice(priceText, currency) : 'missing';
    if (price === 'missing') problems.push('price is missing');
    else if (price === 'not a number') problems.push(`price '${priceText}' is not a number`);
    else if (price === 'too many decimals') {
      problems.push(`price '${priceText}' has more than ${minorDigits(currency)} decimals`);
    }

    const taxClass = TaxClass.safeParse(taxText);
    if (!taxText) problems.push('tax class is missing');
    else if (!taxClass.success) {
      problems.push(`unknown tax class '${taxText}' (use ${TaxClass.options.join(', ')})`);
    }

    if (barcode) {
      const holder = catalog.skuOfBarcode(barcode);
      if (!Barcode.safeParse(barcode).success) problems.push(`barcode '${barcode}' is not 6 to 14 digits`);
      else if (rowOfBarcode.has(barcode)) {
        problems.push(`duplicate barcode '${barcode}' (also on row ${rowOfBarcode.get(barcode)})`);
      } else if (holder !== undefined && holder !== sku) {
        problems.push(`barcode '${barcode}' already belongs to ${holder}`);
      }
    }
    if (!['', 'no', 'yes'].includes(archivedText)) problems.push(`archived '${cell('Archived')}' is not yes or no`);

    if (sku && !rowOfSku.has(sku)) rowOfSku.set(sku, row);
    if (barcode && !rowOfBarcode.has(barcode)) rowOfBarcode.set(barcode, row);
    if (problems.length > 0 || typeof price !== 'number' || !taxClass.success) {
      errors.push(...problems.map((problem) => ({ row, message: `row ${row}: ${problem}` })));
      continue;
    }
    rows.push({
      row,
      action: catalog.idOfSku(sku) ? 'update' : 'add',
      sku,
      name,
      barcode,
      description,
      unitPrice: price,
      taxClass: taxClass.data,
      archived: archivedText === 'yes',
    });
  }
  return { currency, rows, errors };
}
