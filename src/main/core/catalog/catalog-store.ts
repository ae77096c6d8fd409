/**
 * Writes the catalog: the owner adds, edits, archives and deletes products, and imports many at once. A product
 * that was sold is never deleted (its order lines point at it; archiving takes it off the till instead). Order
 * lines keep their own copy of what was sold — description, price, tax class — so nothing here changes a past order.
 */
import { randomUUID } from 'node:crypto';
import type { Product, TaxClass } from '#shared/contract';
import type { Db } from '../db/open';
import { conflict, invalidInput, notFound } from '../errors';
import { toProduct, type ProductRow } from './catalog-queries';

/** A product as the owner describes it, validated; the currency is the shop's. */
export interface ProductValues {
  sku: string;
  name: string;
  barcode: string | null;
  description: string;
  unitPrice: number;
  taxClass: TaxClass;
}

export function createCatalogStore(db: Db, now: () => number = Date.now) {
  const byId = db.prepare<[string], ProductRow>(
    `SELECT id, sku, name, description, unit_price, currency, tax_class, archived, barcode
       FROM products WHERE id = ?`,
  );
  const idOfSku = db.prepare<[string], string>('SELECT id FROM products WHERE sku = ?').pluck();
  const idOfBarcode = db.prepare<[string], string>('SELECT id FROM products WHERE barcode = ?').pluck();
  const sold = db.prepare<[string], number>('SELECT EXISTS (SELECT 1 FROM order_lines WHERE product_id = ?)').pluck();
  const insert = db.prepare(
    `INSERT INTO products (id, sku, name, description, unit_price, currency, tax_class, archived, barcode,
                           created_at, updated_at)
     VALUES (:id, :sku, :name, :description, :unitPrice, :currency, :taxClass, :archived, :barcode, :at, :at)`,
  );
  const update = db.prepare(
    `UPDATE products SET sku = :sku, name = :name, description = :description, unit_price = :unitPrice,
                         tax_class = :taxClass, barcode = :barcode, updated_at = :at
      WHERE id = :id`,
  );
  const archive = db.prepare('UPDATE products SET archived = ?, updated_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM products WHERE id = ?');

  const get = (id: string): Product => {
    const row = byId.get(id);
    if (!row) throw notFound('This product is not in the catalog any more. Reload the page.');
    return toProduct(row);
  };

  /** SKU and barcode each name one product: refused, next to the field, when another product has it. */
  const checkFree = (values: ProductValues, id: string | null) => {
    const skuOwner = idOfSku.get(values.sku);
    if (skuOwner && skuOwner !== id) throw invalidInput(`Another product already has SKU ${values.sku}.`, 'sku');
    const barcodeOwner = values.barcode ? idOfBarcode.get(values.barcode) : undefined;
    if (barcodeOwner && barcodeOwner !== id) {
      throw invalidInput(`Another product already has barcode ${values.barcode}.`, 'barcode');
    }
  };

  const store = {
    get,
    /** The handlers refuse a taken SKU or barcode before asking for the PIN; add and update check again. */
    checkFree,
    idOfSku: (sku: string): string | undefined => idOfSku.get(sku),
    add(values: ProductValues, currency: string, archived = false): Product {
      checkFree(values, null);
      const id = randomUUID();
      insert.run({ ...values, id, currency, archived: archived ? 1 : 0, at: now() });
      return get(id);
    },
    update(id: string, values: ProductValues): Product {
      get(id);
      checkFree(values, id);
      update.run({ ...values, id, at: now() });
      return get(id);
    },
    setArchived(id: string, archived: boolean): Product {
      get(id);
      archive.run(archived ? 1 : 0, now(), id);
      return get(id);
    },
    wasSold: (id: string) => sold.get(id) === 1,
    delete(id: string): void {
      const product = get(id);
      if (store.wasSold(id)) {
        throw conflict(`${product.name} is on past orders, so it stays for them. Archive it to take it off the till.`);
      }
      remove.run(id);
    },
    /**
     * Writes imported rows in one transaction: a row whose SKU is in the catalog changes that product, any other
     * adds one. Any refusal (a barcode taken meanwhile) undoes them all.
     */
    importRows(rows: readonly (ProductValues & { archived: boolean })[], currency: string) {
      return db.transaction(() => {
        let added = 0;
        let updated = 0;
        for (const { archived, ...values } of rows) {
          const id = idOfSku.get(values.sku);
          if (id) {
            store.update(id, values);
            archive.run(archived ? 1 : 0, now(), id);
            updated += 1;
          } else {
            store.add(values, currency, archived);
            added += 1;
          }
        }
        return { added, updated };
      })();
    },
  };
  return store;
}
export type CatalogStore = ReturnType<typeof createCatalogStore>;
