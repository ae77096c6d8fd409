import { useCallback, useEffect, useState, type Dispatch } from 'react';
import type { LinkOutcome } from '#shared/contract';
import type { CheckoutEvent } from './checkout-machine';
import type { CardPaymentRequest } from './use-card-payment';
import { till } from '../staff/till';

export type LinkState =
  | { step: 'none' }
  | { step: 'sending' }
  | { step: 'open'; link: LinkOutcome }
  | { step: 'failed'; message: string }
  /** The link ran out (or Stripe closed it) unpaid: the card form is back, with a new link offered. */
  | { step: 'expired'; expiresAt: number };

/**
 * Pay-by-link on the checkout page: main makes the Stripe Checkout Session; the page shows it until the customer
 * pays (main's `orders.changed` push, then `checkout.refresh` gives the paid answer and its receipt to the checkout
 * machine, as a keyed card's would), the link runs out (its time passes, or Stripe reports it expired) or the clerk
 * takes it back.
 */
export function usePaymentLink(dispatch: Dispatch<CheckoutEvent>) {
  const [state, setState] = useState<LinkState>({ step: 'none' });
  const orderId = state.step === 'open' ? state.link.orderId : null;
  const expiresAt = state.step === 'open' ? state.link.expiresAt : null;

  useEffect(() => {
    if (!orderId) return;
    const check = async () => {
      const answer = await till.checkout.refresh({ orderId });
      if (answer.ok && answer.value.status === 'paid') {
        setState({ step: 'none' });
        dispatch({ type: 'answered', outcome: answer.value });
        return;
      }
      const latest = await till.checkout.link({ orderId });
      const link = latest.ok ? latest.value.link : null;
      if (link?.state === 'expired') setState({ step: 'expired', expiresAt: link.expiresAt });
      else if (link && link.state !== 'waiting' && link.state !== 'making') setState({ step: 'none' });
    };
    // Stripe's page stops taking cards at the expiry; its `checkout.session.expired` can come minutes later.
    const ranOut = expiresAt ? setTimeout(() => void check(), Math.max(0, expiresAt - Date.now()) + 1000) : null;
    const unsubscribe = till.on('orders.changed', (change) => {
      if (change.orderId === orderId) void check();
    });
    return () => {
      if (ranOut) clearTimeout(ranOut);
      unsubscribe();
    };
  }, [orderId, expiresAt, dispatch]);

  /** Stripe says the link was paid: main's answer for the order, with its receipt, goes to the checkout machine. */
  const showPaid = useCallback(
    async (paidOrderId: string) => {
      const paid = await till.checkout.refresh({ orderId: paidOrderId });
      setState({ step: 'none' });
      if (paid.ok) dispatch({ type: 'answered', outcome: paid.value });
    },
    [dispatch],
  );

  const send = useCallback(
    async (request: CardPaymentRequest) => {
      setState({ step: 'sending' });
      const answer = await till.checkout.sendLink(request);
      if (!answer.ok) return setState({ step: 'failed', message: answer.error.message });
      const link = answer.value;
      if (link.status === 'open') return setState({ step: 'open', link });
      if (link.status === 'paid') return showPaid(link.orderId);
      setState({ step: 'failed', message: link.message });
    },
    [showPaid],
  );

  /** Takes the link back (Stripe expires it), to key the card instead or to stop. */
  const close = useCallback(async () => {
    if (state.step !== 'open') return setState({ step: 'none' });
    const answer = await till.checkout.closeLink({ orderId: state.link.orderId });
    if (!answer.ok) return setState({ step: 'failed', message: answer.error.message });
    if (answer.value.result === 'paid') return showPaid(state.link.orderId);
    setState({ step: 'none' });
  }, [state, showPaid]);

  return { state, send, close };
}
