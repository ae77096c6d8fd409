/** Reads the catalog: products by search or barcode for the till, by id for pricing, all of them for the export. */
import type { Db } from '../db/open';
import type { Product, TaxClass } from '#shared/contract';

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  unit_price: number;
  currency: string;
  tax_class: string;
  archived: number;
  barcode: string | null;
}

const COLUMNS = 'id, sku, name, description, unit_price, currency, tax_class, archived, barcode';

export const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  unitPrice: row.unit_price,
  currency: row.currency,
  taxClass: row.tax_class as TaxClass,
  archived: row.archived === 1,
  barcode: row.barcode,
});

/** Escapes LIKE wildcards so that a search for "100%" means the characters, not "anything after 100". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createCatalogQueries(db: Db) {
  const list = db.prepare<{ pattern: string | null; includeArchived: number }, ProductRow>(
    `SELECT ${COLUMNS}
       FROM products
      WHERE (archived = 0 OR :includeArchived = 1)
        AND (:pattern IS NULL OR name LIKE :pattern ESCAPE '\\' OR sku LIKE :pattern ESCAPE '\\')
      ORDER BY archived, sort_order, name`,
  );
  const byIds = db.prepare<[string], ProductRow>(
    `SELECT ${COLUMNS} FROM products WHERE id IN (SELECT value FROM json_each(?))`,
  );
  // One row through products_by_barcode (a unique partial index): a scan at the counter costs one index probe.
  const byBarcode = db.prepare<[string], ProductRow>(`SELECT ${COLUMNS} FROM products WHERE barcode = ?`);
  const all = db.prepare<[], ProductRow>(`SELECT ${COLUMNS} FROM products ORDER BY archived, sort_order, name`);

  const findByBarcode = (barcode: string): Product | null => {
    const row = byBarcode.get(barcode);
    return row ? toProduct(row) : null;
  };

  return {
    /** Name or SKU containing the search; a product whose barcode is exactly the search comes first. */
    list({ search, includeArchived }: { search?: string; includeArchived?: boolean } = {}): Product[] {
      const pattern = search ? likePattern(search) : null;
      const products = list.all({ pattern, includeArchived: includeArchived ? 1 : 0 }).map(toProduct);
      const scanned = search ? findByBarcode(search) : null;
      if (!scanned || (scanned.archived && !includeArchived)) return products;
      return [scanned, ...products.filter((product) => product.id !== scanned.id)];
    },
    findByBarcode,
    findByIds(ids: readonly string[]): Map<string, Product> {
      return new Map(byIds.all(JSON.stringify(ids)).map((row) => [row.id, toProduct(row)]));
    },
    /** Every product, archived ones last: what the CSV export writes. */
    all(): Product[] {
      return all.all().map(toProduct);
    },
  };
}
export type CatalogQueries = ReturnType<typeof createCatalogQueries>;
