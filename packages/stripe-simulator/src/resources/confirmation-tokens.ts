/**
 * ConfirmationTokens: what Stripe.js' `createConfirmationToken` makes from the Payment Element (publishable key), and
 * what a server confirms a PaymentIntent with (`confirmation_token=ctoken_…`). Valid for 12 hours, usable once.
 * The card details become a PaymentMethod at creation (kept private until the token is used).
 */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { parameterMissing, resourceMissing } from '../api/errors';
import type { Params } from '../api/params';
import { newId } from '../ids';
import { readShipping } from './common';
import { insertPaymentMethod, paymentMethodFromData, resolvePaymentMethod } from './payment-methods';

const TTL_SECONDS = 12 * 60 * 60;

export function getConfirmationToken(engine: Engine, id: string): Stripe.ConfirmationToken {
  const token = engine.store.confirmationTokens.get(id);
  if (!token) throw resourceMissing('confirmationtoken', id, 'confirmation_token');
  return token;
}

export function createConfirmationToken(engine: Engine, p: Params): Stripe.ConfirmationToken {
  const data = p.obj('payment_method_data');
  const pmId = p.string('payment_method');
  let pm: Stripe.PaymentMethod;
  if (data) pm = insertPaymentMethod(engine, paymentMethodFromData(engine, data));
  else if (pmId) pm = resolvePaymentMethod(engine, pmId);
  else throw parameterMissing('payment_method_data');
  const shipping = readShipping(p.obj('shipping'));
  const created = engine.now();
  const token: Stripe.ConfirmationToken = {
    id: newId('ctoken'),
    object: 'confirmation_token',
    created,
    expires_at: created + TTL_SECONDS,
    livemode: false,
    mandate_data: null,
    metadata: {},
    payment_intent: null,
    payment_method_options: null,
    payment_method_preview: {
      allow_redisplay: pm.allow_redisplay ?? 'unspecified',
      billing_details: pm.billing_details,
      card: pm.card,
      customer: pm.customer,
      customer_account: null,
      type: 'card',
    },
    return_url: p.string('return_url') ?? null,
    setup_future_usage: p.enum('setup_future_usage', ['off_session', 'on_session'] as const) ?? null,
    setup_intent: null,
    shipping: shipping ? { address: shipping.address!, name: shipping.name!, phone: shipping.phone ?? null } : null,
    use_stripe_sdk: true,
  };
  engine.store.confirmationTokens.insert(token, { used: false, paymentMethodId: pm.id });
  engine.touch();
  return token;
}
