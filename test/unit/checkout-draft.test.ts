import { describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, saveDraft, type CheckoutDraft } from '../../src/renderer/src/checkout/checkout-draft';

/** A Storage in memory, as the window's sessionStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

const draft: CheckoutDraft = {
  checkoutId: '0190b6a0-7c4d-7d4e-8f00-000000000001',
  order: { id: '0190b6a0-7c4d-7d4e-8f00-000000000001', number: 1001 },
  customer: { name: 'Pat Caller', phone: '250 555 0101', email: '', note: 'Side door' },
  lines: [
    {
      key: 'l1',
      kind: 'product',
      product: {
        id: 'p1',
        sku: 'BT-510',
        name: 'Steel-toe work boots',
        description: '',
        unitPrice: 18999,
        currency: 'CAD',
        taxClass: 'gst_only',
      },
      quantity: 2,
    } as CheckoutDraft['lines'][number],
    { key: 'l2', kind: 'custom', description: 'Delivery', unitPrice: 1500, taxClass: 'standard' },
  ],
};

describe('the checkout draft kept across a reload', () => {
  it('comes back as it was saved, and is gone once cleared', () => {
    const storage = memoryStorage();
    expect(loadDraft(storage)).toBeNull();
    saveDraft(draft, storage);
    expect(loadDraft(storage)).toEqual(draft);
    clearDraft(storage);
    expect(loadDraft(storage)).toBeNull();
  });

  it.each([
    ['not JSON', '{'],
    ['no customer', JSON.stringify({ ...draft, customer: undefined })],
    ['a line of no known kind', JSON.stringify({ ...draft, lines: [{ key: 'l1', kind: 'card' }] })],
    ['an order without a number', JSON.stringify({ ...draft, order: { id: 'x' } })],
  ])('drops a draft that is %s instead of failing the page', (_label, stored) => {
    const storage = memoryStorage();
    storage.setItem('till.checkout-draft', stored);
    expect(loadDraft(storage)).toBeNull();
  });
});
