/**
 * Stripe.js distinguishes integration mistakes (thrown `IntegrationError`s: wrong arguments, missing
 * `elements.submit()`, …) from payment outcomes (resolved `{error}` values).
 */
import type { StripeJsError } from './api';

export class IntegrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationError';
  }
}

export const AUTHENTICATION_FAILURE_MESSAGE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

/** What Stripe.js resolves with when 3D Secure authentication failed or was abandoned. */
export function authenticationFailure(paymentIntent: Record<string, unknown>): StripeJsError {
  const last = (paymentIntent.last_payment_error ?? {}) as Record<string, unknown>;
  const error: StripeJsError = {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
    message: AUTHENTICATION_FAILURE_MESSAGE,
    payment_intent: paymentIntent,
  };
  if (last.payment_method !== undefined) error.payment_method = last.payment_method;
  return error;
}

/** A PaymentIntent back in `requires_payment_method` with a `last_payment_error`, as Stripe.js's `{error}`. */
export function errorFromIntent(paymentIntent: Record<string, unknown>): StripeJsError | null {
  const last = paymentIntent.last_payment_error as Record<string, unknown> | null | undefined;
  if (paymentIntent.status !== 'requires_payment_method' || !last) return null;
  if (last.code === 'payment_intent_authentication_failure') return authenticationFailure(paymentIntent);
  return { ...(last as StripeJsError), type: String(last.type ?? 'card_error'), payment_intent: paymentIntent };
}
