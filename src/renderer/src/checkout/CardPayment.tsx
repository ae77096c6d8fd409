import { Elements } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import type { Dispatch } from 'react';
import type { CartInput, CheckoutConfig } from '#shared/contract';
import type { CheckoutEvent, CheckoutState } from './checkout-machine';
import { PaymentPanel } from './PaymentPanel';
import { loadStripeFor } from './stripe-loader';

interface Props {
  config: CheckoutConfig;
  state: CheckoutState;
  dispatch: Dispatch<CheckoutEvent>;
  /** What main prices; null until the order has a price. */
  cart: CartInput | null;
  /** The order's total in minor units, for the card form's options; null until priced. */
  amount: number | null;
  total: string | null;
  onCancel(): void;
  onCheckAgain(): void;
}

/**
 * One Stripe.js per configuration, for the page's life: this column unmounts while a receipt shows, and a new order
 * must not load Stripe.js (or make a new Stripe instance) again. The page's config object stays the same until
 * the page reloads, so it is the key.
 */
const stripeByConfig = new WeakMap<CheckoutConfig, Promise<Stripe | null>>();
function stripeFor(config: CheckoutConfig): Promise<Stripe | null> {
  let stripe = stripeByConfig.get(config);
  if (!stripe) stripeByConfig.set(config, (stripe = loadStripeFor(config)));
  return stripe;
}

/** The card column's form: Stripe's Elements around the payment panel, loaded after the catalog shows. */
export function CardPayment({ config, state, dispatch, cart, amount, total, onCancel, onCheckAgain }: Props) {
  return (
    // Keyed by the order: each order gets its own card form, so a new one never shows the last card.
    <Elements
      key={state.checkoutId}
      stripe={stripeFor(config)}
      options={{
        mode: 'payment',
        amount: amount ?? 100,
        currency: config.currency.toLowerCase(),
        allowedPaymentMethodTypes: ['card'],
      }}
    >
      <PaymentPanel
        state={state}
        dispatch={dispatch}
        cart={cart}
        total={total}
        onCancel={onCancel}
        onCheckAgain={onCheckAgain}
      />
    </Elements>
  );
}
