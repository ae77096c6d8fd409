/** Reads the catalog for the till: products by search, and by id for pricing. Only migrations write products. */
import type { Db } from '../db/open';
import type { Product, TaxClass } from '#shared/contract';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  unit_price: number;
  currency: string;
  tax_class: string;
  archived: number;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  unitPrice: row.unit_price,
  currency: row.currency,
  taxClass: row.tax_class as TaxClass,
  archived: row.archived === 1,
});

/** Escapes LIKE wildcards so that a search for "100%" means the characters, not "anything after 100". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createCatalogQueries(db: Db) {
  const list = db.prepare<{ pattern: string | null; includeArchived: number }, ProductRow>(
    `SELECT id, sku, name, description, unit_price, currency, tax_class, archived
       FROM products
      WHERE (archived = 0 OR :includeArchived = 1)
        AND (:pattern IS NULL OR name LIKE :pattern ESCAPE '\\' OR sku LIKE :pattern ESCAPE '\\')
      ORDER BY archived, sort_order, name`,
  );
  const byIds = db.prepare<[string], ProductRow>(
    `SELECT id, sku, name, description, unit_price, currency, tax_class, archived
       FROM products WHERE id IN (SELECT value FROM json_each(?))`,
  );

  return {
    list({ search, includeArchived }: { search?: string; includeArchived?: boolean } = {}): Product[] {
      const pattern = search ? likePattern(search) : null;
      return list.all({ pattern, includeArchived: includeArchived ? 1 : 0 }).map(toProduct);
    },
    findByIds(ids: readonly string[]): Map<string, Product> {
      return new Map(byIds.all(JSON.stringify(ids)).map((row) => [row.id, toProduct(row)]));
    },
  };
}
export type CatalogQueries = ReturnType<typeof createCatalogQueries>;
