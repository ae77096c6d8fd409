/**
 * Card tokens (POST /v1/tokens with `card[…]`, publishable key): what Stripe.js' `createToken` makes. A token can
 * be turned into a PaymentMethod once (`card[token]=tok_…`). Legacy, but react-stripe-js requires `createToken`.
 */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { parameterMissing, resourceMissing } from '../api/errors';
import type { Params } from '../api/params';
import { newId } from '../ids';
import { insertPaymentMethod, newCardPaymentMethod, readCardInput } from './payment-methods';

export function getToken(engine: Engine, id: string): Stripe.Token {
  const token = engine.store.tokens.get(id);
  if (!token) throw resourceMissing('token', id, 'token');
  return token;
}

export function createCardToken(engine: Engine, p: Params, clientIp: string | null): Stripe.Token {
  const card = p.obj('card');
  if (!card) throw parameterMissing('card');
  const input = readCardInput(engine, card);
  const address = {
    city: card.string('address_city') ?? null,
    country: card.string('address_country') ?? null,
    line1: card.string('address_line1') ?? null,
    line2: card.string('address_line2') ?? null,
    postal_code: card.string('address_zip') ?? null,
    state: card.string('address_state') ?? null,
  };
  const billing = { address, email: null, name: card.string('name') ?? null, phone: null, tax_id: null };
  const pm = insertPaymentMethod(engine, newCardPaymentMethod(engine, input, billing, {}));
  const pmCard = pm.card!;
  const token: Stripe.Token = {
    id: newId('tok'),
    object: 'token',
    card: {
      id: newId('card'),
      object: 'card',
      address_city: address.city,
      address_country: address.country,
      address_line1: address.line1,
      address_line1_check: address.line1 ? 'unchecked' : null,
      address_line2: address.line2,
      address_state: address.state,
      address_zip: address.postal_code,
      address_zip_check: address.postal_code ? 'unchecked' : null,
      brand: brandName(pmCard.brand),
      country: pmCard.country,
      currency: card.string('currency') ?? null,
      cvc_check: input.cvc ? 'unchecked' : null,
      dynamic_last4: null,
      exp_month: pmCard.exp_month,
      exp_year: pmCard.exp_year,
      fingerprint: pmCard.fingerprint ?? null,
      funding: pmCard.funding,
      last4: pmCard.last4,
      metadata: {},
      name: billing.name,
      networks: { preferred: null },
      regulated_status: 'unregulated',
      tokenization_method: null,
    },
    client_ip: clientIp,
    created: engine.now(),
    livemode: false,
    type: 'card',
    used: false,
  };
  engine.store.tokens.insert(token, { paymentMethodId: pm.id });
  engine.touch();
  return token;
}

/** Cards (the legacy object) name brands in words. */
function brandName(brand: string): string {
  const names: Record<string, string> = {
    visa: 'Visa',
    mastercard: 'MasterCard',
    amex: 'American Express',
    discover: 'Discover',
    diners: 'Diners Club',
    jcb: 'JCB',
    unionpay: 'UnionPay',
  };
  return names[brand] ?? 'Unknown';
}
