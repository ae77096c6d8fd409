/**
 * Card PaymentMethods: created from card details (validated like Stripe), from Stripe's test ids (`pm_card_visa`
 * clones a fresh `pm_…`, as Stripe does), attached to and detached from Customers.
 */
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { readCard, type CardInput, cardDataError } from '../cards/validate';
import { isKnownTestCard, testCard, type TestCard } from '../cards/test-cards';
import { testPaymentMethodNumber, testTokenNumber } from '../cards/test-payment-methods';
import type { Engine, PaymentMethodMeta } from '../engine';
import { invalidEnum, invalidRequest, resourceMissing } from '../api/errors';
import { applyMetadata, type Params } from '../api/params';
import { newId } from '../ids';
import { emptyAddress, readAddress } from './common';

const fingerprints = new Map<string, string>();

/** Stable per account and card number, like Stripe's. Cached: test PMs are minted on every `pm_card_*` use. */
export function fingerprint(engine: Engine, number: string): string {
  const key = `${engine.accountId}:${number}`;
  let value = fingerprints.get(key);
  if (value === undefined) {
    value = createHash('sha256')
      .update(key)
      .digest('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 16);
    if (fingerprints.size > 10_000) fingerprints.clear();
    fingerprints.set(key, value);
  }
  return value;
}

export function readBillingDetails(params: Params | null | undefined): Stripe.PaymentMethod.BillingDetails {
  return {
    address: params?.has('address') ? readAddress(params.obj('address')) : emptyAddress(),
    email: params?.string('email') ?? null,
    name: params?.string('name') ?? null,
    phone: params?.string('phone') ?? null,
    tax_id: null,
  };
}

export function cardDetails(engine: Engine, input: CardInput, tc: TestCard): Stripe.PaymentMethod.Card {
  return {
    brand: tc.brand,
    checks: {
      address_line1_check: null,
      address_postal_code_check: null,
      cvc_check: input.cvc ? 'unchecked' : null,
    },
    country: tc.country,
    display_brand: tc.brand === 'amex' ? 'american_express' : tc.brand,
    exp_month: input.expMonth,
    exp_year: input.expYear,
    fingerprint: fingerprint(engine, input.number),
    funding: tc.funding,
    generated_from: null,
    last4: input.number.slice(-4),
    networks: { available: [tc.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: tc.brand !== 'amex' || tc.threeDS !== 'none' },
    wallet: null,
  };
}

export function newCardPaymentMethod(
  engine: Engine,
  input: CardInput,
  billing: Stripe.PaymentMethod.BillingDetails,
  metadata: Record<string, string>,
): { pm: Stripe.PaymentMethod; meta: PaymentMethodMeta } {
  const tc = testCard(input.number);
  const pm: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billing,
    card: cardDetails(engine, input, tc),
    created: engine.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata,
    type: 'card',
  };
  const meta: PaymentMethodMeta = {
    // Only Stripe's documented test numbers are remembered; anything else typed by mistake is never stored.
    testCard: isKnownTestCard(input.number) ? input.number : null,
    cvcProvided: input.cvc !== null,
    postalProvided: billing.address?.postal_code != null,
    line1Provided: billing.address?.line1 != null,
  };
  return { pm, meta };
}

export function insertPaymentMethod(
  engine: Engine,
  made: { pm: Stripe.PaymentMethod; meta: PaymentMethodMeta },
): Stripe.PaymentMethod {
  engine.store.paymentMethods.insert(made.pm, made.meta);
  engine.touch();
  return made.pm;
}

/** Card input for a test token or test PaymentMethod id: a valid future expiry, CVC given. */
function testInput(number: string, engine: Engine): CardInput {
  const year = new Date(engine.clock.nowMs()).getUTCFullYear();
  return { number, expMonth: 12, expYear: year + 3, cvc: '123' };
}

/** Reads card details: `card[number]…` or `card[token]=tok_visa`. */
export function readCardInput(engine: Engine, card: Params): CardInput {
  const token = card.string('token');
  if (token) {
    const number = testTokenNumber(token);
    if (!number) throw resourceMissing('token', token, `${card.name('token')}`);
    return testInput(number, engine);
  }
  return readCard(card, new Date(engine.clock.nowMs()));
}

/** A new PaymentMethod with the card of a token made by POST /v1/tokens (used once, as Stripe does). */
function paymentMethodFromToken(
  engine: Engine,
  tokenId: string,
  billing: Stripe.PaymentMethod.BillingDetails,
  metadata: Record<string, string>,
): { pm: Stripe.PaymentMethod; meta: PaymentMethodMeta } | null {
  const token = engine.store.tokens.get(tokenId);
  if (!token) return null;
  const tokenMeta = engine.store.tokens.meta(tokenId)!;
  if (token.used) {
    throw invalidRequest(`You cannot use a Stripe token more than once: ${tokenId}.`, {
      code: 'token_already_used',
      validation: false,
    });
  }
  const source = engine.store.paymentMethods.get(tokenMeta.paymentMethodId)!;
  token.used = true;
  engine.touch();
  const pm: Stripe.PaymentMethod = {
    ...source,
    id: newId('pm'),
    billing_details: billing.name || billing.email || billing.address?.postal_code ? billing : source.billing_details,
    created: engine.now(),
    metadata,
  };
  return { pm, meta: { ...engine.store.paymentMethods.meta(source.id)! } };
}

/** `payment_method_data[...]` (or the body of POST /v1/payment_methods): a new, unattached card PaymentMethod. */
export function paymentMethodFromData(
  engine: Engine,
  data: Params,
): { pm: Stripe.PaymentMethod; meta: PaymentMethodMeta } {
  const type = data.string('type', { required: true });
  if (type !== 'card') throw invalidEnum(data.name('type'), type, ['card']);
  const card = data.obj('card');
  if (!card) {
    throw invalidRequest(`Missing required param: ${data.name('card')}.`, {
      code: 'parameter_missing',
      param: data.name('card'),
    });
  }
  const billing = readBillingDetails(data.obj('billing_details'));
  const tokenId = card.string('token');
  if (tokenId && !testTokenNumber(tokenId)) {
    const made = paymentMethodFromToken(engine, tokenId, billing, applyMetadata({}, data));
    if (!made) throw resourceMissing('token', tokenId, card.name('token'));
    return made;
  }
  const input = readCardInput(engine, card);
  return newCardPaymentMethod(engine, input, billing, applyMetadata({}, data));
}

/**
 * A PaymentMethod id as given in a request: Stripe's test ids mint a fresh PM; stored ids are returned as they are.
 */
export function resolvePaymentMethod(engine: Engine, id: string, param = 'payment_method'): Stripe.PaymentMethod {
  const testNumber = testPaymentMethodNumber(id);
  if (testNumber) {
    return insertPaymentMethod(
      engine,
      newCardPaymentMethod(engine, testInput(testNumber, engine), readBillingDetails(null), {}),
    );
  }
  const pm = engine.store.paymentMethods.get(id);
  if (!pm) throw resourceMissing('PaymentMethod', id, param);
  return pm;
}

export function attachPaymentMethod(
  engine: Engine,
  pm: Stripe.PaymentMethod,
  customerId: string,
): Stripe.PaymentMethod {
  if (!engine.store.customers.has(customerId)) throw resourceMissing('customer', customerId, 'customer');
  const meta = engine.store.paymentMethods.meta(pm.id);
  const tc = meta?.testCard ? testCard(meta.testCard) : null;
  // "You can't attach cards that simulate issuer declines to a Customer object" (except 4000000000000341).
  if (tc?.decline && !tc.attachable) {
    const d = tc.decline;
    const err = cardDataError(d.code, d.message, d.param ?? '');
    if (d.declineCode) err.body.decline_code = d.declineCode;
    if (!d.param) delete err.body.param;
    throw err;
  }
  if (pm.customer && pm.customer !== customerId) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      code: 'payment_method_unexpected_state',
      validation: false,
    });
  }
  pm.customer = customerId;
  engine.touch();
  engine.emit('payment_method.attached', pm);
  return pm;
}

export function detachPaymentMethod(engine: Engine, pm: Stripe.PaymentMethod): Stripe.PaymentMethod {
  if (!pm.customer) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
      code: 'payment_method_unexpected_state',
      validation: false,
    });
  }
  const previous = { customer: pm.customer };
  pm.customer = null;
  engine.touch();
  engine.emit('payment_method.detached', pm, previous);
  return pm;
}

export function paymentMethodMeta(engine: Engine, pm: Stripe.PaymentMethod): PaymentMethodMeta {
  return (
    engine.store.paymentMethods.meta(pm.id) ?? {
      testCard: null,
      cvcProvided: false,
      postalProvided: false,
      line1Provided: false,
    }
  );
}
