import { PaymentElement } from '@stripe/react-stripe-js';
import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import type { CartInput } from '#shared/contract';
import { canPay, type CheckoutEvent, type CheckoutState } from './checkout-machine';
import { PaymentActions } from './PaymentActions';
import { PaymentLinkOffer } from './PaymentLinkOffer';
import { PaymentLinkPanel } from './PaymentLinkPanel';
import { usePaymentLink } from './use-payment-link';
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
  const link = usePaymentLink(dispatch);
  const payButton = useRef<HTMLButtonElement>(null);
  const [inCardForm, setInCardForm] = useState(false);

  /** The order as main takes it, once the caller's details check out; null (and the errors shown) otherwise. */
  const order = useCallback(() => {
    if (!cart || !canPay(state)) return null;
    const errors = validateCustomer(state.customer);
    if (Object.keys(errors).length > 0) {
      dispatch({ type: 'details_invalid', errors });
      return null;
    }
    const { name, phone, email, note } = state.customer;
    return { checkoutId: state.checkoutId, cart, customer: { name, phone, email }, note };
  }, [cart, state, dispatch]);

  const pay = useCallback(() => {
    if (!card.ready || link.state.step === 'open') return;
    const request = order();
    if (request) void card.pay(request);
  }, [card, link.state.step, order]);

  const sendLink = () => {
    const request = order();
    if (request) void link.send(request);
  };

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

  if (link.state.step === 'open') {
    return (
      <PaymentLinkPanel
        link={link.state.link}
        email={state.customer.email}
        total={total}
        onClose={() => void link.close()}
      />
    );
  }

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
      <PaymentLinkOffer
        link={link.state}
        bankCheckFailed={state.phase.name === 'declined' && state.phase.bankCheck === true}
        disabled={link.state.step === 'sending' || cart === null || !canPay(state)}
        onSend={sendLink}
      />
    </>
  );
}
