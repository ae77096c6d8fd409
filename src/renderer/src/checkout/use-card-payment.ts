import { useElements, useStripe } from '@stripe/react-stripe-js';
import { useCallback, useRef, type Dispatch } from 'react';
import type { CartInput, CustomerInput } from '#shared/contract';
import type { CheckoutEvent } from './checkout-machine';
import { till } from '../staff/till';

export interface CardPaymentRequest {
  checkoutId: string;
  cart: CartInput;
  customer: CustomerInput;
  note: string;
}

const cardFormFailed = (message: string | undefined): CheckoutEvent => ({
  type: 'card_form_failed',
  message: message ?? 'Check the card details.',
});

/**
 * The card step of paying, used inside `<Elements>`: the digits stay in Stripe's iframe, Till gets a
 * ConfirmationToken id, and main does the charging. Each step is told to the checkout machine as it happens.
 */
export function useCardPayment(dispatch: Dispatch<CheckoutEvent>) {
  const stripe = useStripe();
  const elements = useElements();
  // Set synchronously: a double click or a held-down F9 cannot start a second payment before React re-renders.
  const underWay = useRef(false);

  const pay = useCallback(
    async (request: CardPaymentRequest) => {
      if (underWay.current || !stripe || !elements) return;
      underWay.current = true;
      dispatch({ type: 'card_started' });
      try {
        const submitted = await elements.submit();
        if (submitted.error) return dispatch(cardFormFailed(submitted.error.message));
        const { name, email, phone } = request.customer;
        const token = await stripe.createConfirmationToken({
          elements,
          params: { payment_method_data: { billing_details: { name, email: email || null, phone } } },
        });
        if (token.error) return dispatch(cardFormFailed(token.error.message));

        let result = await till.checkout.pay({ ...request, confirmationTokenId: token.confirmationToken.id });
        if (result.ok && result.value.status === 'requires_action' && result.value.clientSecret) {
          // The bank asks for 3D Secure: Stripe.js shows its challenge, then main asks Stripe how it ended.
          dispatch({ type: 'authentication_started', outcome: result.value });
          // Stripe.js failing here still leaves main to ask Stripe how the payment stands.
          await stripe.handleNextAction({ clientSecret: result.value.clientSecret }).catch(() => undefined);
          result = await till.checkout.refresh({ orderId: result.value.orderId });
        }
        dispatch(result.ok ? { type: 'answered', outcome: result.value } : { type: 'refused', error: result.error });
      } catch (error) {
        // Stripe.js failed before main was asked (main's own answers never throw): nothing was charged.
        const message = error instanceof Error ? error.message : String(error);
        dispatch(cardFormFailed(`The card form failed: ${message} Nothing was charged.`));
      } finally {
        underWay.current = false;
      }
    },
    [stripe, elements, dispatch],
  );

  return { ready: Boolean(stripe && elements), pay };
}
