import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { KNOWN_CODES, MESSAGES } from '#core/payments/clerk-messages';
import { interpretIntent, type ClerkAnswer, type IntentReading } from '#core/payments/intent-outcome';

/** What the clerk is told, with no client secret (only 3D Secure hands one to the page). */
const clerkAnswer = (
  status: ClerkAnswer['status'],
  message: string,
  declineCode: string | null = null,
): ClerkAnswer => ({
  status,
  message,
  clientSecret: null,
  declineCode,
});

/**
 * One reading of what Stripe said about a payment, as checkout, reconciliation and the event processor all use it:
 * every PaymentIntent status, and every error shape checkout can get back from payments/stripe-call.ts.
 */

const visa = { id: 'pm_visa', object: 'payment_method', card: { brand: 'visa', last4: '4242' } };
const mastercard = { id: 'pm_mc', object: 'payment_method', card: { brand: 'mastercard', last4: '4444' } };

function intent(status: Stripe.PaymentIntent.Status, fields: Partial<Stripe.PaymentIntent> = {}): Stripe.PaymentIntent {
  return {
    id: 'pi_123',
    object: 'payment_intent',
    amount: 1250,
    currency: 'cad',
    status,
    client_secret: 'pi_123_secret_abc',
    payment_method: visa,
    last_payment_error: null,
    ...fields,
  } as unknown as Stripe.PaymentIntent;
}

/** What Stripe puts in last_payment_error (and in a 402's body) for a card that did not go through. */
const cardError = (code: string, declineCode?: string) => ({
  type: 'card_error' as const,
  code,
  ...(declineCode ? { decline_code: declineCode } : {}),
  message: `Stripe says: ${code}`,
  payment_method: mastercard,
});

/** A 402 as stripe-node throws it: the PaymentIntent (back to requires_payment_method) travels in the error. */
const declined = (code: string, declineCode?: string, lastPaymentError: unknown = null) =>
  new Stripe.errors.StripeCardError({
    ...cardError(code, declineCode),
    statusCode: 402,
    payment_intent: intent('requires_payment_method', {
      payment_method: null,
      last_payment_error: lastPaymentError as Stripe.PaymentIntent.LastPaymentError | null,
    }),
  } as never);

const answered = (value: Stripe.PaymentIntent) => ({ kind: 'answered', value }) as const;
const stripeError = (error: Stripe.errors.StripeError) => ({ kind: 'error', error }) as const;

/** The parts of a reading a table row states; the rest is checked by the tests that care. */
const summary = (reading: IntentReading) => ({
  attempt: reading.attempt.status,
  paymentState: reading.order.paymentState,
  review: reading.order.review,
  clerk: reading.clerk.status,
  audit: reading.audit?.action ?? null,
});

describe('interpretIntent: every PaymentIntent status', () => {
  // A Record over Stripe's own status type: a status Stripe adds fails the type check until it has a row.
  const table: Record<Stripe.PaymentIntent.Status, ReturnType<typeof summary>> = {
    succeeded: {
      attempt: 'succeeded',
      paymentState: 'paid',
      review: 'clear',
      clerk: 'paid',
      audit: 'payment.succeeded',
    },
    requires_capture: {
      attempt: 'succeeded',
      paymentState: 'paid',
      review: 'clear',
      clerk: 'paid',
      audit: 'payment.succeeded',
    },
    requires_action: {
      attempt: 'requires_action',
      paymentState: 'requires_action',
      review: 'clear',
      clerk: 'requires_action',
      audit: null,
    },
    processing: { attempt: 'unknown', paymentState: 'processing', review: 'keep', clerk: 'unknown', audit: null },
    canceled: { attempt: 'canceled', paymentState: 'canceled', review: 'clear', clerk: 'canceled', audit: null },
    requires_confirmation: {
      attempt: 'failed',
      paymentState: 'failed',
      review: 'clear',
      clerk: 'declined',
      audit: null,
    },
    requires_payment_method: {
      attempt: 'failed',
      paymentState: 'failed',
      review: 'clear',
      clerk: 'declined',
      audit: 'payment.declined',
    },
  };

  it.each(Object.entries(table))('%s', (status, expected) => {
    const pi = intent(status as Stripe.PaymentIntent.Status);
    const reading = interpretIntent(pi);
    expect(summary(reading)).toEqual(expected);
    expect(reading.intent.id).toBe('pi_123');
    expect(reading.attempt.paymentIntentId).toBe('pi_123');
    // Checkout gets the PaymentIntent inside a call result; it reads the same.
    expect(interpretIntent(answered(pi))).toEqual(reading);
  });

  it('a paid order tells the clerk the amount Stripe charged and audits it', () => {
    const reading = interpretIntent(intent('succeeded'));
    expect(reading.clerk).toEqual(clerkAnswer('paid', 'Paid: $12.50. Read the order number to the caller.'));
    expect(reading.attempt).toEqual({
      status: 'succeeded',
      paymentIntentId: 'pi_123',
      cardBrand: 'visa',
      cardLast4: '4242',
    });
    expect(reading.audit).toEqual({
      action: 'payment.succeeded',
      details: { paymentIntentId: 'pi_123', amount: 1250 },
    });
  });

  it('3D Secure hands the client secret to the renderer, and only then', () => {
    expect(interpretIntent(intent('requires_action')).clerk).toMatchObject({
      status: 'requires_action',
      message: MESSAGES.requiresAction,
      clientSecret: 'pi_123_secret_abc',
    });
    for (const status of ['succeeded', 'processing', 'canceled', 'requires_payment_method'] as const) {
      expect(interpretIntent(intent(status)).clerk.clientSecret).toBeNull();
    }
  });

  it('requires_confirmation: nothing charged, the order can take a card again, and no bank refused anything', () => {
    // Reconciliation once read this as 'processing', which locks the order ("already being processed") and
    // waits forever for Stripe to move a PaymentIntent that only a confirm can move.
    const reading = interpretIntent(intent('requires_confirmation'));
    expect(reading.order.paymentState).toBe('failed');
    expect(reading.clerk.message).toBe(MESSAGES.notConfirmed);
    expect(reading.clerk.message).toContain('Nothing was charged');
    expect(reading.clerk.message).not.toMatch(/declined/i);
    expect(reading.clerk.declineCode).toBeNull();
    expect(reading.attempt).toMatchObject({ status: 'failed', paymentIntentId: 'pi_123' });
  });

  it('a decline records the code, the reason and the card that was tried', () => {
    const reading = interpretIntent(
      intent('requires_payment_method', {
        payment_method: null,
        last_payment_error: cardError('card_declined', 'insufficient_funds') as never,
      }),
    );
    expect(reading.attempt).toEqual({
      status: 'failed',
      paymentIntentId: 'pi_123',
      errorCode: 'card_declined',
      declineCode: 'insufficient_funds',
      errorMessage: 'Stripe says: card_declined',
      cardBrand: 'mastercard',
      cardLast4: '4444',
    });
    expect(reading.clerk).toEqual(
      clerkAnswer(
        'declined',
        'The card has insufficient funds. Ask the caller for another card.',
        'insufficient_funds',
      ),
    );
    expect(reading.audit).toEqual({
      action: 'payment.declined',
      details: { code: 'card_declined', declineCode: 'insufficient_funds' },
    });
  });
});

/** What the clerk hears for each code the clerk messages know. */
const DECLINE_SENTENCES: Record<string, RegExp> = {
  insufficient_funds: /insufficient funds/,
  generic_decline: /declined by the bank/,
  do_not_honor: /declined by the bank/,
  lost_card: /^The card was declined\. Ask the caller for another card\.$/,
  stolen_card: /^The card was declined\. Ask the caller for another card\.$/,
  fraudulent: /possible fraud risk/,
  card_velocity_exceeded: /spending limit/,
  authentication_required: /needs the cardholder to authenticate/,
  card_not_supported: /does not support this kind of purchase/,
  currency_not_supported: /in this currency/,
};
const CODE_SENTENCES: Record<string, RegExp> = {
  expired_card: /has expired/,
  incorrect_cvc: /security code \(CVC\) is incorrect/,
  incorrect_number: /card number is incorrect/,
  invalid_expiry_month: /expiry month is invalid/,
  invalid_expiry_year: /expiry year is invalid/,
  invalid_cvc: /security code \(CVC\) is invalid/,
  processing_error: /processing error\. Nothing was charged/,
  payment_intent_authentication_failure: /did not complete the bank check \(3D Secure\)/,
};

describe('interpretIntent: a card that did not go through', () => {
  it('has a row for every code the clerk messages know', () => {
    expect(Object.keys(DECLINE_SENTENCES).sort()).toEqual([...KNOWN_CODES.declineCodes].sort());
    expect(Object.keys(CODE_SENTENCES).sort()).toEqual([...KNOWN_CODES.errorCodes].sort());
  });

  it.each(Object.entries(DECLINE_SENTENCES))('card_declined / %s', (declineCode, sentence) => {
    for (const reading of [
      interpretIntent(stripeError(declined('card_declined', declineCode))),
      interpretIntent(
        intent('requires_payment_method', { last_payment_error: cardError('card_declined', declineCode) as never }),
      ),
    ]) {
      expect(summary(reading)).toEqual({
        attempt: 'failed',
        paymentState: 'failed',
        review: 'clear',
        clerk: 'declined',
        audit: 'payment.declined',
      });
      expect(reading.clerk.message).toMatch(sentence);
      expect(reading.clerk.declineCode).toBe(declineCode);
      expect(reading.attempt).toMatchObject({ errorCode: 'card_declined', declineCode, paymentIntentId: 'pi_123' });
      expect(reading.audit?.details).toEqual({ code: 'card_declined', declineCode });
    }
  });

  it.each(Object.entries(CODE_SENTENCES))('%s', (code, sentence) => {
    for (const reading of [
      interpretIntent(stripeError(declined(code))),
      interpretIntent(intent('requires_payment_method', { last_payment_error: cardError(code) as never })),
    ]) {
      expect(summary(reading)).toMatchObject({ attempt: 'failed', paymentState: 'failed', clerk: 'declined' });
      expect(reading.clerk.message).toMatch(sentence);
      expect(reading.clerk.declineCode).toBe(code);
      expect(reading.attempt).toMatchObject({ errorCode: code, declineCode: null });
    }
  });

  it('a decline code Till has no sentence for reads as a generic decline, its code kept', () => {
    const reading = interpretIntent(stripeError(declined('card_declined', 'pickup_card')));
    expect(reading.clerk.message).toMatch(DECLINE_SENTENCES.generic_decline!);
    expect(reading.clerk.declineCode).toBe('pickup_card');
    expect(reading.attempt.declineCode).toBe('pickup_card');
  });

  it("a 402 takes the reason from the PaymentIntent's last_payment_error when Stripe filled it in", () => {
    const reading = interpretIntent(
      stripeError(declined('card_declined', 'generic_decline', cardError('card_declined', 'fraudulent'))),
    );
    expect(reading.clerk.declineCode).toBe('fraudulent');
    expect(reading.attempt).toMatchObject({ declineCode: 'fraudulent', cardBrand: 'mastercard', cardLast4: '4444' });
  });

  it('a 402 carries its PaymentIntent, so checkout learns the id and the order keeps it for another card', () => {
    const reading = interpretIntent(stripeError(declined('card_declined', 'insufficient_funds')));
    expect(reading.intent?.id).toBe('pi_123');
    expect(reading.attempt.paymentIntentId).toBe('pi_123');
  });
});

describe('interpretIntent: Stripe refused the request, was never reached, or did not answer', () => {
  const refusal = {
    attempt: 'failed',
    paymentState: 'failed',
    review: 'keep',
    clerk: 'declined',
    audit: null,
  } as const;

  it.each([
    [
      'rate limited (429)',
      new Stripe.errors.StripeRateLimitError({ message: 'Too many requests', statusCode: 429, code: 'rate_limit' }),
      'rate_limit',
      MESSAGES.busy,
    ],
    [
      'rate limited, no code',
      new Stripe.errors.StripeRateLimitError({ message: 'Too many requests', statusCode: 429 }),
      'StripeRateLimitError',
      MESSAGES.busy,
    ],
    [
      'an API error',
      new Stripe.errors.StripeAPIError({ message: 'Something went wrong.', statusCode: 500, type: 'api_error' }),
      'StripeAPIError',
      'Stripe refused the payment: Something went wrong. Nothing was charged.',
    ],
    [
      'an idempotency error (same key, other parameters)',
      new Stripe.errors.StripeIdempotencyError({
        message: 'Keys for idempotent requests can only be used with the same parameters.',
        statusCode: 400,
        type: 'idempotency_error',
      }),
      'StripeIdempotencyError',
      'Stripe refused the payment: Keys for idempotent requests can only be used with the same parameters. Nothing was charged.',
    ],
    [
      'a wrong secret key',
      new Stripe.errors.StripeAuthenticationError({
        message: 'Invalid API Key provided: sk_test_****1234',
        statusCode: 401,
        type: 'invalid_request_error',
      }),
      'StripeAuthenticationError',
      'Stripe refused the payment: Invalid API Key provided: sk_test_****1234 Nothing was charged.',
    ],
    [
      'a restricted key without the permission',
      new Stripe.errors.StripePermissionError({ message: 'Not allowed.', statusCode: 403 }),
      'StripePermissionError',
      'Stripe refused the payment: Not allowed. Nothing was charged.',
    ],
    [
      'an invalid request (amount too small)',
      new Stripe.errors.StripeInvalidRequestError({
        message: 'Amount must be at least $0.50 cad',
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'amount_too_small',
        param: 'amount',
      }),
      'amount_too_small',
      'Stripe refused the payment: Amount must be at least $0.50 cad Nothing was charged.',
    ],
    [
      'MOTO on an account without it',
      new Stripe.errors.StripeInvalidRequestError({
        message: 'Received unknown parameter: payment_method_options[card][moto]',
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param: 'payment_method_options[card][moto]',
      }),
      'parameter_unknown',
      MESSAGES.motoRefused,
    ],
    [
      'a card error without a PaymentIntent',
      new Stripe.errors.StripeCardError({ message: 'Your card was declined.', statusCode: 402, code: 'card_declined' }),
      'card_declined',
      'Stripe refused the payment: Your card was declined. Nothing was charged.',
    ],
  ])('%s: nothing charged, the order can take a card again', (_label, error, errorCode, message) => {
    const reading = interpretIntent(stripeError(error));
    expect(summary(reading)).toEqual(refusal);
    expect(reading.intent).toBeNull();
    expect(reading.attempt).toEqual({ status: 'failed', errorCode, errorMessage: error.message });
    expect(reading.clerk).toEqual(clerkAnswer('declined', message, error.code ?? null));
    expect(reading.clerk.message).toContain('Nothing was charged');
  });

  it('never reached Stripe: nothing charged, says to check the connection', () => {
    const error = new Stripe.errors.StripeConnectionError({ message: 'connect ECONNREFUSED 127.0.0.1:9' });
    const reading = interpretIntent({ kind: 'unreachable', error });
    expect(summary(reading)).toEqual(refusal);
    expect(reading.attempt).toEqual({ status: 'failed', errorCode: 'stripe_unreachable', errorMessage: String(error) });
    expect(reading.clerk).toEqual(clerkAnswer('declined', MESSAGES.unreachable));
  });

  it.each([
    ['a dropped connection', new Stripe.errors.StripeConnectionError({ message: 'socket hang up' })],
    ['server errors throughout', new Stripe.errors.StripeAPIError({ message: 'HTTP 500', statusCode: 500 })],
    ['a non-Stripe failure', new TypeError('fetch failed')],
  ])(
    'outcome unknown (%s): the order stays as it is, flagged, and the clerk must not charge again',
    (_label, error) => {
      const reading = interpretIntent({ kind: 'unknown', error });
      expect(reading.intent).toBeNull();
      expect(reading.order).toEqual({
        paymentState: null,
        review: { flag: 'Stripe did not answer in time; Till is checking whether the card was charged.' },
      });
      expect(reading.attempt).toEqual({ status: 'unknown', errorCode: 'outcome_unknown', errorMessage: String(error) });
      expect(reading.clerk).toEqual(clerkAnswer('unknown', MESSAGES.unknown));
      expect(reading.clerk.message).toContain('Do not charge again');
      expect(reading.audit).toBeNull();
    },
  );
});
