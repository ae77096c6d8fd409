/**
 * Prices a cart the way the shop's catalog says, never the way the renderer says: product lines take their price
 * and tax class from SQLite, unknown or archived products are refused, and taxes come from tax.ts.
 */
import type { CartInput, Quote, TaxClass } from '#shared/contract';
import type { CatalogQueries } from '../catalog/catalog-queries';
import { invalidInput } from '../errors';
import { computeTaxes, type TaxTable } from './tax';

export function priceCart(cart: CartInput, catalog: CatalogQueries, taxes: TaxTable, currency: string): Quote {
  const productIds = cart.lines.flatMap((line) => (line.kind === 'product' ? [line.productId] : []));
  const products = catalog.findByIds(productIds);

  const lines = cart.lines.map((line, index) => {
    if (line.kind === 'custom') {
      return {
        productId: null,
        sku: null,
        description: line.description,
        quantity: 1,
        unitPrice: line.unitPrice,
        taxClass: line.taxClass,
      };
    }
    const product = products.get(line.productId);
    const field = `lines.${index}.productId`;
    if (!product) throw invalidInput('This product is not in the catalog any more. Remove it from the order.', field);
    if (product.archived) throw invalidInput(`${product.name} is no longer sold. Remove it from the order.`, field);
    if (product.currency !== currency) throw invalidInput(`${product.name} is priced in ${product.currency}.`, field);
    return {
      productId: product.id,
      sku: product.sku,
      description: product.name,
      quantity: line.quantity,
      unitPrice: product.unitPrice,
      taxClass: product.taxClass as TaxClass,
    };
  });

  const withSubtotals = lines.map((line) => ({ ...line, subtotal: line.unitPrice * line.quantity }));
  const breakdown = computeTaxes(withSubtotals, taxes);
  const priced = withSubtotals.map((line, index) => {
    const tax = breakdown.lineTaxes[index]!;
    return { ...line, tax, total: line.subtotal + tax };
  });
  const subtotal = priced.reduce((sum, line) => sum + line.subtotal, 0);
  return {
    currency,
    lines: priced,
    subtotal,
    taxes: breakdown.taxes.map(({ name, rateBp, amount }) => ({ name, rateBp, amount })),
    taxTotal: breakdown.taxTotal,
    total: subtotal + breakdown.taxTotal,
  };
}
