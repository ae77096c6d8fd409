/**
 * PaymentIntents: creation, update, cancel, capture, the publishable-key view and the state-error messages.
 * Confirmation (the card outcome) lives in ./payment-flow.
 */
import type Stripe from 'stripe';
import type { AuthInfo } from '../context';
import type { Engine, PaymentIntentMeta } from '../engine';
import { invalidRequest, resourceMissing, type SimulatorError, sortKeys } from '../api/errors';
import { applyMetadata, type Params } from '../api/params';
import { newId, randomAlnum } from '../ids';
import { attachChargeTransaction } from './charges';
import { readShipping } from './common';
import { receiptEmailSetOnPaymentIntent, sendPaymentReceipt } from './receipts';

export const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
export const CANCELLATION_REASONS = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const;
export const SETUP_FUTURE_USAGE = ['off_session', 'on_session'] as const;

/** Smallest chargeable amounts (Stripe's table, the currencies a Canadian/US shop meets). */
const MINIMUMS: Record<string, { amount: number; symbol: string }> = {
  usd: { amount: 50, symbol: '$' },
  cad: { amount: 50, symbol: '$' },
  aud: { amount: 50, symbol: '$' },
  nzd: { amount: 50, symbol: '$' },
  eur: { amount: 50, symbol: '€' },
  gbp: { amount: 30, symbol: '£' },
  chf: { amount: 50, symbol: 'CHF ' },
};
const MAX_AMOUNT = 99_999_999;

export function readAmount(params: Params, currency: string, key = 'amount', required = true): number | undefined {
  const amount = params.int(key, { required });
  if (amount === undefined || amount === null) return undefined;
  const min = MINIMUMS[currency];
  if (amount < (min?.amount ?? 1)) {
    const shown = min ? `${min.symbol}${(min.amount / 100).toFixed(2)} ${currency}` : `1 ${currency}`;
    throw invalidRequest(`Amount must be at least ${shown}`, { code: 'amount_too_small', param: key });
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than $999,999.99`, { code: 'amount_too_large', param: key });
  }
  return amount;
}

export function readCurrency(params: Params, required = true): string | undefined {
  const currency = params.string('currency', { required });
  if (currency === undefined || currency === null) return undefined;
  const lower = currency.toLowerCase();
  if (!/^[a-z]{3}$/.test(lower)) {
    throw invalidRequest(
      `Invalid currency: ${currency}. Stripe currently supports these currencies: usd, cad, eur, gbp, aud, nzd, chf and others.`,
      {
        code: 'parameter_invalid_string',
        param: 'currency',
      },
    );
  }
  return lower;
}

export function getPaymentIntent(engine: Engine, id: string): Stripe.PaymentIntent {
  const pi = engine.store.paymentIntents.get(id);
  if (!pi) throw resourceMissing('payment_intent', id, 'intent');
  return pi;
}

export function piMeta(engine: Engine, pi: Stripe.PaymentIntent): PaymentIntentMeta {
  return engine.store.paymentIntents.meta(pi.id)!;
}

/** The fields Stripe returns to a publishable key ("retrievable with publishable key"). */
const PUBLISHABLE_FIELDS = [
  'id',
  'object',
  'amount',
  'amount_details',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'excluded_payment_method_types',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_configuration_details',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'source',
  'status',
] as const;

export function publishableView(pi: Stripe.PaymentIntent): Partial<Stripe.PaymentIntent> {
  const out: Record<string, unknown> = {};
  for (const key of PUBLISHABLE_FIELDS) out[key] = pi[key as keyof Stripe.PaymentIntent];
  return out as Partial<Stripe.PaymentIntent>;
}

/** What a caller with `auth` may see of a PI. */
export const viewFor = (
  pi: Stripe.PaymentIntent,
  auth: AuthInfo | null,
): Stripe.PaymentIntent | Partial<Stripe.PaymentIntent> => (auth?.kind === 'publishable' ? publishableView(pi) : pi);

/** A publishable key must present the PI's client secret. */
export function checkClientSecret(pi: Stripe.PaymentIntent, given: string | null | undefined): void {
  if (given !== pi.client_secret) {
    throw invalidRequest(
      'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
      { code: 'payment_intent_invalid_parameter', param: 'client_secret' },
    );
  }
}

/** 400 payment_intent_unexpected_state, with the PI attached as Stripe does. */
export function unexpectedState(message: string, pi: Stripe.PaymentIntent, auth: AuthInfo | null): SimulatorError {
  const err = invalidRequest(message, { code: 'payment_intent_unexpected_state', validation: false });
  err.body.payment_intent = viewFor(pi, auth);
  Object.assign(err.body, sortKeys(err.body));
  return err;
}

export function cardOptions(
  requestThreeDS: Stripe.PaymentIntent.PaymentMethodOptions.Card.RequestThreeDSecure = 'automatic',
): Stripe.PaymentIntent.PaymentMethodOptions.Card {
  return { installments: null, mandate_options: null, network: null, request_three_d_secure: requestThreeDS };
}

function paymentMethodConfigurationId(engine: Engine): string {
  // Stable per account: Stripe accounts have one default payment method configuration.
  return `pmc_${engine.accountId.slice(5, 29).padEnd(24, '0')}`;
}

/** The PaymentIntent fields shared by create and update (validated; unknown ones refused by the route). */
function applyCommon(engine: Engine, pi: Stripe.PaymentIntent, p: Params): void {
  if (p.has('description')) pi.description = p.string('description', { maxLength: 1000 }) ?? null;
  if (p.has('receipt_email')) pi.receipt_email = p.string('receipt_email') ?? null;
  if (p.has('statement_descriptor'))
    pi.statement_descriptor = p.string('statement_descriptor', { maxLength: 22 }) ?? null;
  if (p.has('statement_descriptor_suffix')) {
    pi.statement_descriptor_suffix = p.string('statement_descriptor_suffix', { maxLength: 22 }) ?? null;
  }
  if (p.has('setup_future_usage')) pi.setup_future_usage = p.enum('setup_future_usage', SETUP_FUTURE_USAGE) ?? null;
  if (p.has('shipping')) pi.shipping = p.isEmpty('shipping') ? null : readShipping(p.obj('shipping'));
  if (p.has('transfer_group')) pi.transfer_group = p.string('transfer_group') ?? null;
  if (p.has('capture_method')) pi.capture_method = p.enum('capture_method', CAPTURE_METHODS) ?? 'automatic_async';
  if (p.has('customer')) {
    const customer = p.string('customer');
    if (customer && !engine.store.customers.has(customer)) throw resourceMissing('customer', customer, 'customer');
    pi.customer = customer ?? null;
  }
  pi.metadata = applyMetadata(pi.metadata, p);
  // `payment_method_types` up to API 2026-09; `allowed_payment_method_types` from 2026-10-28.endive (stripe-node 23).
  for (const key of ['payment_method_types', 'allowed_payment_method_types'] as const) {
    const types = p.stringList(key);
    if (!types) continue;
    for (const [i, t] of types.entries()) {
      if (t !== 'card') {
        throw invalidRequest(
          `The payment method type "${t}" is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.`,
          { code: 'payment_intent_invalid_parameter', param: `${key}[${i}]` },
        );
      }
    }
    pi.payment_method_types = types;
    if (key === 'allowed_payment_method_types')
      pi.allowed_payment_method_types = types as typeof pi.allowed_payment_method_types;
    pi.automatic_payment_methods = null;
    pi.payment_method_configuration_details = null;
  }
  const options = p.obj('payment_method_options');
  const card = options?.obj('card');
  if (card) {
    const rts = card.enum('request_three_d_secure', ['any', 'automatic', 'challenge'] as const);
    pi.payment_method_options = { ...pi.payment_method_options, card: cardOptions(rts ?? 'automatic') };
    if (card.has('capture_method')) {
      const cm = card.enum('capture_method', ['manual'] as const);
      if (cm) pi.payment_method_options.card!.capture_method = cm;
    }
  }
}

/**
 * Whether a PaymentIntent created without `payment_method_types` gets `automatic_payment_methods: {enabled: true}`:
 * Stripe does this from API version 2023-08-16. Requests without a Stripe-Version header (the Stripe CLI) use the
 * account's default version; the simulated account's default predates that change, so CLI fixtures keep working.
 */
export function automaticPaymentMethodsByDefault(stripeVersion: string | null | undefined): boolean {
  return !!stripeVersion && stripeVersion.slice(0, 10) >= '2023-08-16';
}

/** A new PaymentIntent from create params (validated, not stored yet: the caller may still refuse the request). */
export function buildPaymentIntent(
  engine: Engine,
  p: Params,
  opts: { automaticPaymentMethodsByDefault?: boolean } = {},
): { pi: Stripe.PaymentIntent; meta: PaymentIntentMeta } {
  const currency = readCurrency(p)!;
  const amount = readAmount(p, currency)!;
  const explicitTypes = ['payment_method_types', 'allowed_payment_method_types'].some((k) => p.has(k) && !p.isEmpty(k));
  const apm = p.obj('automatic_payment_methods');
  if (explicitTypes && apm?.bool('enabled')) {
    throw invalidRequest(
      'You may only specify one of these parameters: automatic_payment_methods, allowed_payment_method_types.',
      { code: 'parameter_invalid_string' },
    );
  }
  const apmEnabled =
    !explicitTypes && (apm ? apm.bool('enabled') !== false : (opts.automaticPaymentMethodsByDefault ?? false));
  const allowRedirects = apm?.enum('allow_redirects', ['always', 'never'] as const) ?? undefined;
  const confirmationMethod = p.enum('confirmation_method', ['automatic', 'manual'] as const) ?? 'automatic';
  const id = newId('pi');
  const pi: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: apmEnabled
      ? allowRedirects
        ? { allow_redirects: allowRedirects, enabled: true }
        : { enabled: true }
      : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomAlnum(25)}`,
    confirmation_method: confirmationMethod,
    created: engine.now(),
    currency,
    customer: null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: apmEnabled
      ? { id: paymentMethodConfigurationId(engine), parent: null }
      : null,
    payment_method_options: { card: cardOptions() },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  applyCommon(engine, pi, p);
  if (apmEnabled) pi.payment_method_types = ['card'];
  const meta: PaymentIntentMeta = {
    moto: false,
    offSession: false,
    useStripeSdk: false,
    returnUrl: null,
    confirmations: 0,
    checkoutSession: null,
    authenticated: false,
  };
  return { pi, meta };
}

export function updatePaymentIntent(engine: Engine, pi: Stripe.PaymentIntent, p: Params): Stripe.PaymentIntent {
  const updatable: Stripe.PaymentIntent.Status[] = [
    'requires_payment_method',
    'requires_confirmation',
    'requires_action',
  ];
  // What a finished payment still takes: `receipt_email` is how Stripe documents sending a receipt afterwards.
  const afterPayment = ['metadata', 'description', 'receipt_email', 'expand'];
  const onlyMetadata = Object.keys(p.raw).every((k) => afterPayment.includes(k));
  if (!updatable.includes(pi.status) && !onlyMetadata) {
    throw unexpectedState(
      `This PaymentIntent's ${Object.keys(p.raw).find((k) => !afterPayment.includes(k)) ?? 'amount'} could not be updated because it has a status of ${pi.status}. You may only update the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
      pi,
      null,
    );
  }
  const currency = readCurrency(p, false);
  if (currency) pi.currency = currency;
  const amount = readAmount(p, pi.currency, 'amount', false);
  if (amount !== undefined) pi.amount = amount;
  applyCommon(engine, pi, p);
  if (p.has('receipt_email')) receiptEmailSetOnPaymentIntent(engine, pi);
  // "It will be cleared if the PaymentIntent is later updated for any reason."
  pi.last_payment_error = null;
  engine.touch();
  return pi;
}

export function cancelPaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  p: Params,
  auth: AuthInfo | null,
): Stripe.PaymentIntent {
  const cancelable: Stripe.PaymentIntent.Status[] = [
    'requires_payment_method',
    'requires_capture',
    'requires_confirmation',
    'requires_action',
    'processing',
  ];
  if (!cancelable.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      pi,
      auth,
    );
  }
  const reason = p.enum('cancellation_reason', CANCELLATION_REASONS) ?? null;
  if (pi.status === 'requires_capture' && typeof pi.latest_charge === 'string') {
    // Cancelling an authorisation releases it: the uncaptured charge shows as refunded.
    const charge = engine.store.charges.get(pi.latest_charge);
    if (charge) {
      charge.refunded = true;
      charge.amount_refunded = charge.amount;
    }
  }
  pi.status = 'canceled';
  pi.canceled_at = engine.now();
  pi.cancellation_reason = reason;
  pi.amount_capturable = 0;
  pi.next_action = null;
  engine.touch();
  engine.emit('payment_intent.canceled', pi);
  return pi;
}

export function capturePaymentIntent(engine: Engine, pi: Stripe.PaymentIntent, p: Params): Stripe.PaymentIntent {
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      pi,
      null,
    );
  }
  const requested = p.int('amount_to_capture', { min: 1 });
  const amount = requested ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw invalidRequest(
      `The amount to capture (${amount}) must be less than or equal to the amount capturable (${pi.amount_capturable}).`,
      { code: 'amount_too_large', param: 'amount_to_capture' },
    );
  }
  pi.metadata = applyMetadata(pi.metadata, p);
  const charge = typeof pi.latest_charge === 'string' ? engine.store.charges.get(pi.latest_charge) : undefined;
  if (charge) {
    const previous = { amount_captured: charge.amount_captured, captured: false, balance_transaction: null };
    charge.captured = true;
    charge.amount_captured = amount;
    attachChargeTransaction(engine, charge);
    // The uncaptured remainder is released, which Stripe reports as refunded.
    if (amount < charge.amount) charge.amount_refunded = charge.amount - amount;
    sendPaymentReceipt(engine, charge);
    engine.emit('charge.captured', charge, previous);
  }
  pi.status = 'succeeded';
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  engine.touch();
  engine.emit('payment_intent.succeeded', pi);
  return pi;
}
