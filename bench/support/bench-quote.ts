import type { Quote } from '#shared/contract';

/** What checkout would price a one-line, tax-free order of `amount` cents at: the benches write orders with it. */
export function benchQuote(amount: number): Quote {
  return {
    currency: 'CAD',
    lines: [
      {
        productId: null,
        sku: null,
        description: 'Bench order',
        quantity: 1,
        unitPrice: amount,
        taxClass: 'zero_rated',
        subtotal: amount,
        tax: 0,
        total: amount,
      },
    ],
    subtotal: amount,
    taxes: [],
    taxTotal: 0,
    total: amount,
  };
}
