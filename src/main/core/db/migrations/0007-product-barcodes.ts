import type { Migration } from '../migrate';

/**
 * Products carry the barcode printed on them (UPC/EAN), so a scanner at the counter finds the product. The unique
 * partial index is what a scan looks up (an exact match, one row); products without a barcode stay out of it.
 * Deleting a product first asks whether any order sold it: order_lines by product answers that without a scan of
 * every line ever sold.
 */
export const productBarcodes: Migration = {
  version: 7,
  name: 'product-barcodes',
  up(db) {
    db.exec(`
      ALTER TABLE products ADD COLUMN barcode TEXT;
      CREATE UNIQUE INDEX products_by_barcode ON products (barcode) WHERE barcode IS NOT NULL;
      CREATE INDEX order_lines_by_product ON order_lines (product_id) WHERE product_id IS NOT NULL;
    `);
  },
};
