import { useCallback, useMemo, useReducer } from 'react';
import type { CartInput, Product, TaxClass } from '#shared/contract';

/** What the clerk has picked. Prices are not kept here: main prices the cart (see use-quote). */
export type CartLine =
  | { key: string; kind: 'product'; product: Product; quantity: number }
  | { key: string; kind: 'custom'; description: string; unitPrice: number; taxClass: TaxClass };

type Action =
  | { type: 'add'; product: Product }
  | { type: 'addCustom'; description: string; unitPrice: number; taxClass: TaxClass }
  | { type: 'setQuantity'; key: string; quantity: number }
  | { type: 'remove'; key: string }
  | { type: 'clear' };

const MAX_QUANTITY = 999;
let nextKey = 1;

function reducer(lines: CartLine[], action: Action): CartLine[] {
  switch (action.type) {
    case 'add': {
      const existing = lines.find((line) => line.kind === 'product' && line.product.id === action.product.id);
      if (existing && existing.kind === 'product') {
        return lines.map((line) =>
          line === existing ? { ...existing, quantity: Math.min(existing.quantity + 1, MAX_QUANTITY) } : line,
        );
      }
      return [...lines, { key: `l${nextKey++}`, kind: 'product', product: action.product, quantity: 1 }];
    }
    case 'addCustom':
      return [
        ...lines,
        {
          key: `l${nextKey++}`,
          kind: 'custom',
          description: action.description,
          unitPrice: action.unitPrice,
          taxClass: action.taxClass,
        },
      ];
    case 'setQuantity':
      if (action.quantity < 1) return lines.filter((line) => line.key !== action.key);
      return lines.map((line) =>
        line.key === action.key && line.kind === 'product'
          ? { ...line, quantity: Math.min(Math.floor(action.quantity), MAX_QUANTITY) }
          : line,
      );
    case 'remove':
      return lines.filter((line) => line.key !== action.key);
    case 'clear':
      return [];
  }
}

export function toCartInput(lines: CartLine[]): CartInput {
  return {
    lines: lines.map((line) =>
      line.kind === 'product'
        ? { kind: 'product', productId: line.product.id, quantity: line.quantity }
        : { kind: 'custom', description: line.description, unitPrice: line.unitPrice, taxClass: line.taxClass },
    ),
  };
}

/** `initial`: a draft's lines after a reload (checkout-draft.ts), given fresh keys so none repeats a new line's. */
export function useCart(initial: CartLine[] = []) {
  const [lines, dispatch] = useReducer(reducer, initial, (restored) =>
    restored.map((line) => ({ ...line, key: `l${nextKey++}` })),
  );
  const cart = useMemo(() => toCartInput(lines), [lines]);
  return {
    lines,
    cart,
    add: useCallback((product: Product) => dispatch({ type: 'add', product }), []),
    addCustom: useCallback(
      (description: string, unitPrice: number, taxClass: TaxClass) =>
        dispatch({ type: 'addCustom', description, unitPrice, taxClass }),
      [],
    ),
    setQuantity: useCallback((key: string, quantity: number) => dispatch({ type: 'setQuantity', key, quantity }), []),
    remove: useCallback((key: string) => dispatch({ type: 'remove', key }), []),
    clear: useCallback(() => dispatch({ type: 'clear' }), []),
  };
}
