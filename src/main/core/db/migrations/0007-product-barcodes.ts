import type { Migration } from '../migrate';

/**
 * The owner's own catalog. Products carry the barcode printed on them (UPC/EAN), so a scanner at the counter finds
 * the product: the unique partial index is what a scan looks up (an exact match, one row), and products without a
 * barcode stay out of it. Deleting a product first asks whether any order line names it: order_lines by product
 * answers that without reading every line ever sold. Order lines keep the SKU they were sold under (until now read
 * from the product), so the owner can change a SKU without changing a past order; older lines get theirs here.
 */
export const productBarcodes: Migration = {
  version: 7,
  name: 'product-barcodes',
  up(db) {
    db.exec(`
      ALTER TABLE products ADD COLUMN barcode TEXT;
      CREATE UNIQUE INDEX products_by_barcode ON products (barcode) WHERE barcode IS NOT NULL;
      CREATE INDEX order_lines_by_product ON order_lines (product_id) WHERE product_id IS NOT NULL;
      ALTER TABLE order_lines ADD COLUMN sku TEXT;
      UPDATE order_lines SET sku = (SELECT sku FROM products WHERE products.id = order_lines.product_id)
       WHERE product_id IS NOT NULL;
    `);
  },
};
