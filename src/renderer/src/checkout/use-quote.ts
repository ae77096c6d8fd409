import { useEffect, useState } from 'react';
import type { CartInput, Quote } from '#shared/contract';
import type { TillError } from '#shared/result';
import { till } from '../staff/till';

interface QuoteState {
  quote: Quote | null;
  error: TillError | null;
}
const EMPTY: QuoteState = { quote: null, error: null };

/** Main's prices for the cart, re-asked whenever the cart changes. The totals on screen are always these. */
export function useQuote(cart: CartInput) {
  const [state, setState] = useState<QuoteState>(EMPTY);
  const empty = cart.lines.length === 0;
  useEffect(() => {
    if (empty) return;
    let current = true;
    void till.checkout.quote(cart).then((result) => {
      if (!current) return;
      setState(result.ok ? { quote: result.value, error: null } : { quote: null, error: result.error });
    });
    return () => {
      current = false;
    };
  }, [cart, empty]);
  return empty ? EMPTY : state;
}
