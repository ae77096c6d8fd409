/**
 * The one reading of what Stripe said about a payment. Checkout (after create-and-confirm, after 3D Secure, after a
 * cancel), reconciliation (restoring an order Till never recorded) and the event processor (a payment_intent.*
 * event carries the PaymentIntent) all ask this module, so a PaymentIntent status can never mean one thing at the
 * till and another in the owner's history.
 *
 * A reading says, for one PaymentIntent or one call that produced none:
 *  - the attempt's outcome, as attempt-store records it;
 *  - the order's payment state, and what becomes of the order's review mark;
 *  - what the clerk reads to the caller (clerk-messages.ts);
 *  - the audit entry to write, if any.
 * It only describes; the callers write.
 */
import type Stripe from 'stripe';
import type { PaymentOutcome } from '#shared/contract';
import { formatMoney } from '#shared/money';
import type { PaymentState } from '../orders/order-state';
import type { AttemptResult } from './attempt-store';
import { declineMessage, MESSAGES } from './clerk-messages';
import type { StripeCallResult } from './stripe-call';

type Intent = Stripe.PaymentIntent;

/** What the clerk is told: the PaymentOutcome without the order's id and number (and the receipt, added when paid). */
export type ClerkAnswer = Omit<PaymentOutcome, 'orderId' | 'orderNumber' | 'receipt'>;

/**
 * The order's review mark: 'clear' when Stripe's word on the payment answers whatever Till was checking, 'keep'
 * when it does not, or a reason to flag the order for the owner.
 */
export type ReviewMark = 'clear' | 'keep' | { flag: string };

export interface IntentReading {
  /** The PaymentIntent the reading is about (a card decline's is inside the error), or null if Stripe sent none. */
  intent: Intent | null;
  attempt: AttemptResult;
  order: {
    /** null leaves the order's payment state as it is: Till does not know what happened. */
    paymentState: PaymentState | null;
    review: ReviewMark;
  };
  clerk: ClerkAnswer;
  audit: { action: string; details: Record<string, unknown> } | null;
}

/** A reading of a PaymentIntent always knows the order's payment state. */
export type IntentStatusReading = IntentReading & { intent: Intent; order: { paymentState: PaymentState } };

const answer = (status: ClerkAnswer['status'], message: string, declineCode: string | null = null): ClerkAnswer => ({
  status,
  message,
  clientSecret: null,
  declineCode,
});

function cardOf(method: Intent['payment_method'] | undefined): Pick<AttemptResult, 'cardBrand' | 'cardLast4'> {
  if (method && typeof method === 'object' && method.card) {
    return { cardBrand: method.card.brand, cardLast4: method.card.last4 };
  }
  return {};
}

function readStatus(intent: Intent): IntentStatusReading {
  const read = (
    attempt: AttemptResult['status'],
    paymentState: PaymentState,
    clerk: ClerkAnswer,
    review: ReviewMark = 'clear',
  ): IntentStatusReading => ({
    intent,
    attempt: { status: attempt, paymentIntentId: intent.id, ...cardOf(intent.payment_method) },
    order: { paymentState, review },
    clerk,
    audit: null,
  });
  switch (intent.status) {
    // Till never asks for manual capture; an authorised card that waits for capture is still a paid order.
    case 'succeeded':
    case 'requires_capture':
      return {
        ...read('succeeded', 'paid', answer('paid', MESSAGES.paid(formatMoney(intent.amount, currencyOf(intent))))),
        audit: { action: 'payment.succeeded', details: { paymentIntentId: intent.id, amount: intent.amount } },
      };
    case 'requires_action':
      return read('requires_action', 'requires_action', {
        ...answer('requires_action', MESSAGES.requiresAction),
        clientSecret: intent.client_secret,
      });
    case 'canceled':
      return read('canceled', 'canceled', answer('canceled', MESSAGES.canceled));
    case 'processing':
      // Stripe is still working on it: not settled, and nothing Till was checking is answered yet.
      return read('unknown', 'processing', answer('unknown', MESSAGES.unknown), 'keep');
    case 'requires_confirmation':
      // Till's "finalize payments on the server" flow creates every PaymentIntent with `confirm: true` and the
      // default automatic confirmation, so Till's own calls never leave one here. A PaymentIntent in this status
      // is waiting for a server to confirm it (it was created unconfirmed, or with manual confirmation after
      // 3D Secure): Stripe has not tried the card since, will not on its own, and sends no event until someone
      // confirms. Reading it as 'processing' — as reconciliation once did — would wait for news that never comes:
      // the order could take no other card ("already being processed") and would be checked again forever. So it
      // reads like a failed try: nothing was charged and the order can take a card again (the next Pay confirms
      // this same PaymentIntent, which Stripe allows from requires_confirmation). It is not a decline, though: the
      // bank said nothing, so the clerk is not told that it refused the card.
      return read('failed', 'failed', answer('declined', MESSAGES.notConfirmed));
    case 'requires_payment_method':
    default:
      return readDecline(intent);
  }
}

/** The last try failed (declined, or 3D Secure failed): the order can take another card. */
function readDecline(intent: Intent): IntentStatusReading {
  const error = intent.last_payment_error;
  return {
    intent,
    attempt: {
      status: 'failed',
      paymentIntentId: intent.id,
      errorCode: error?.code ?? null,
      declineCode: error?.decline_code ?? null,
      errorMessage: error?.message ?? null,
      ...cardOf(error?.payment_method),
    },
    order: { paymentState: 'failed', review: 'clear' },
    clerk: answer(
      'declined',
      declineMessage(error?.code, error?.decline_code),
      error?.decline_code ?? error?.code ?? null,
    ),
    audit: { action: 'payment.declined', details: { code: error?.code, declineCode: error?.decline_code } },
  };
}

const currencyOf = (intent: Intent) => intent.currency.toUpperCase();

/** Stripe answered with an error. A card decline carries the PaymentIntent; anything else refused the request. */
function readError(error: Stripe.errors.StripeError): IntentReading {
  const intent = (error as { payment_intent?: Intent }).payment_intent;
  if (error.type === 'StripeCardError' && intent) {
    // The PaymentIntent inside a decline may lack last_payment_error; the error itself is the same object.
    return readStatus({
      ...intent,
      last_payment_error: intent.last_payment_error ?? (error.raw as Intent['last_payment_error']),
    });
  }
  // Stripe refused the request itself (4xx): it was not executed, so nothing was charged.
  const motoRefused = error.code === 'parameter_unknown' && error.param?.includes('moto');
  const message = motoRefused
    ? MESSAGES.motoRefused
    : error.type === 'StripeRateLimitError'
      ? MESSAGES.busy
      : MESSAGES.refused(error.message);
  return {
    intent: null,
    attempt: { status: 'failed', errorCode: error.code ?? error.type, errorMessage: error.message },
    order: { paymentState: 'failed', review: 'keep' },
    clerk: answer('declined', message, error.code ?? null),
    audit: null,
  };
}

export function interpretIntent(input: Intent): IntentStatusReading;
export function interpretIntent(input: StripeCallResult<Intent>): IntentReading;
export function interpretIntent(input: Intent | StripeCallResult<Intent>): IntentReading {
  if (!('kind' in input)) return readStatus(input);
  switch (input.kind) {
    case 'answered':
      return readStatus(input.value);
    case 'error':
      return readError(input.error);
    case 'unreachable':
      return {
        intent: null,
        attempt: { status: 'failed', errorCode: 'stripe_unreachable', errorMessage: String(input.error) },
        order: { paymentState: 'failed', review: 'keep' },
        clerk: answer('declined', MESSAGES.unreachable),
        audit: null,
      };
    case 'unknown':
      return {
        intent: null,
        attempt: { status: 'unknown', errorCode: 'outcome_unknown', errorMessage: String(input.error) },
        // The order is already 'processing' (set before the call): it is flagged so the owner sees it is checked.
        order: {
          paymentState: null,
          review: { flag: 'Stripe did not answer in time; Till is checking whether the card was charged.' },
        },
        clerk: answer('unknown', MESSAGES.unknown),
        audit: null,
      };
  }
}
