import { PaymentElement } from '@stripe/react-stripe-js';
import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import type { CartInput } from '#shared/contract';
import { canPay, type CheckoutEvent, type CheckoutState } from './checkout-machine';
import { PaymentActions } from './PaymentActions';
import { useCardPayment } from './use-card-payment';
import { validateCustomer } from './validate-customer';

interface Props {
  state: CheckoutState;
  dispatch: Dispatch<CheckoutEvent>;
  /** What main prices; null until the order has a price. */
  cart: CartInput | null;
  total: string | null;
  onCancel(): void;
  onCheckAgain(): void;
}

/**
 * The card form (Stripe's Payment Element, card only) and Pay. Rendered inside `<Elements>`, which the page mounts
 * afresh for every order, so a new order never shows the previous caller's card.
 */
export function PaymentPanel({ state, dispatch, cart, total, onCancel, onCheckAgain }: Props) {
  const card = useCardPayment(dispatch);
  const payButton = useRef<HTMLButtonElement>(null);
  const [inCardForm, setInCardForm] = useState(false);

  const pay = useCallback(() => {
    if (!card.ready || !cart || !canPay(state)) return;
    const errors = validateCustomer(state.customer);
    if (Object.keys(errors).length > 0) return dispatch({ type: 'details_invalid', errors });
    const { name, phone, email, note } = state.customer;
    void card.pay({ checkoutId: state.checkoutId, cart, customer: { name, phone, email }, note });
  }, [card, cart, state, dispatch]);

  // Keyboard: F9 or Ctrl+Enter pays. Keys typed inside the card form stay in Stripe's iframe (another origin), and
  // Stripe.js reports none of them but Esc; so Esc there moves the focus to Pay, where F9, Ctrl+Enter or Enter pay.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F9' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        pay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pay]);

  return (
    <>
      <div className="card-form">
        <PaymentElement
          options={{ layout: 'tabs' }}
          onFocus={() => setInCardForm(true)}
          onBlur={() => setInCardForm(false)}
          onEscape={() => payButton.current?.focus()}
        />
      </div>
      {/* One text in both states (only its colour changes): a hint that changed size would move Pay under the mouse. */}
      <p className={inCardForm ? 'card-hint active' : 'card-hint'}>
        Keys typed in the card form stay there: press <kbd>Esc</kbd>, then <kbd>F9</kbd> or <kbd>Enter</kbd> to pay.
      </p>
      <PaymentActions
        payRef={payButton}
        state={state}
        total={total}
        payable={card.ready && cart !== null}
        onPay={pay}
        onCancel={onCancel}
        onCheckAgain={onCheckAgain}
      />
    </>
  );
}
