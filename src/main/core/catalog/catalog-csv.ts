/**
 * The catalog as CSV, with the headers the import reads, so an export opens in a spreadsheet, is edited there and
 * comes back through the import unchanged. Prices are plain decimals in major units; text cells that start like
 * a formula are escaped as in the orders export.
 */
import { stringify } from 'csv-stringify/sync';
import type { Product } from '#shared/contract';
import { toDecimal } from '#shared/money';
import { escapeFormula } from '../spreadsheet-text';
import { CATALOG_COLUMNS } from './catalog-import';

export function catalogCsv(products: readonly Product[]): string {
  return stringify(
    products.map((product) => [
      escapeFormula(product.sku),
      escapeFormula(product.name),
      product.barcode ?? '',
      escapeFormula(product.description),
      toDecimal(product.unitPrice, product.currency),
      product.taxClass,
      product.archived ? 'yes' : 'no',
    ]),
    // As the orders export: CRLF records, a byte-order mark for Excel, and line breaks inside a cell quoted.
    { header: true, columns: [...CATALOG_COLUMNS], record_delimiter: 'windows', bom: true, quoted_match: /[\r\n]/ },
  );
}
