/**
 * /v1/checkout/sessions (create, retrieve, list, line_items, expire) and the `payment_pages` calls that
 * `stripe trigger checkout.session.completed` makes (what Stripe's own hosted page calls).
 */
import { applyExpand } from '../http/expand';
import { invalidRequest, parameterMissing } from '../api/errors';
import { listPage, readListParams } from '../http/lists';
import { Params } from '../api/params';
import {
  createCheckoutSession,
  expireCheckoutSession,
  getCheckoutSession,
  lineItemsPage,
  payCheckoutSession,
} from '../resources/checkout-sessions';
import type { Registrar } from './registrar';

const CREATE = [
  'after_expiration',
  'allow_promotion_codes',
  'automatic_tax',
  'billing_address_collection',
  'cancel_url',
  'client_reference_id',
  'consent_collection',
  'currency',
  'custom_fields',
  'custom_text',
  'customer',
  'customer_creation',
  'customer_email',
  'customer_update',
  'discounts',
  'expand',
  'expires_at',
  'invoice_creation',
  'line_items',
  'locale',
  'metadata',
  'mode',
  'payment_intent_data',
  'payment_method_collection',
  'payment_method_configuration',
  'payment_method_options',
  'payment_method_types',
  'phone_number_collection',
  'return_url',
  'setup_intent_data',
  'shipping_address_collection',
  'shipping_options',
  'submit_type',
  'subscription_data',
  'success_url',
  'tax_id_collection',
  'ui_mode',
];

export function registerCheckout({ engine, route }: Registrar): void {
  route({
    method: 'POST',
    url: '/v1/checkout/sessions',
    access: 'secret',
    handler: ({ params }) => {
      const raw = { ...params };
      // Stripe CLI fixtures omit `mode` (the legacy default was payment).
      if (raw.mode === undefined) raw.mode = 'payment';
      const p = new Params(raw).allowOnly(CREATE);
      return applyExpand(engine, createCheckoutSession(engine, p), p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/checkout/sessions',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([
        'created',
        'customer',
        'customer_details',
        'ending_before',
        'expand',
        'limit',
        'payment_intent',
        'payment_link',
        'starting_after',
        'status',
        'subscription',
      ]);
      const pi = p.string('payment_intent');
      const status = p.string('status');
      const email = p.obj('customer_details')?.string('email');
      const customer = p.string('customer');
      const paymentLink = p.string('payment_link');
      const subscription = p.string('subscription');
      return listPage(
        engine.store.checkoutSessions,
        readListParams(p),
        '/v1/checkout/sessions',
        'checkout.session',
        (s) =>
          (!pi || s.payment_intent === pi) &&
          (!status || s.status === status) &&
          (!email || s.customer_details?.email === email) &&
          (!customer || s.customer === customer) &&
          (!paymentLink || s.payment_link === paymentLink) &&
          (!subscription || s.subscription === subscription),
      );
    },
  });

  route({
    method: 'GET',
    url: '/v1/checkout/sessions/:id',
    access: 'secret',
    handler: ({ params, path }) =>
      applyExpand(engine, getCheckoutSession(engine, path.id!), new Params(params).stringList('expand')),
  });

  route({
    method: 'GET',
    url: '/v1/checkout/sessions/:id/line_items',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['ending_before', 'expand', 'limit', 'starting_after']);
      const session = getCheckoutSession(engine, path.id!);
      return applyExpand(engine, lineItemsPage(engine, session, readListParams(p)), p.stringList('expand'));
    },
  });

  route({
    method: 'POST',
    url: '/v1/checkout/sessions/:id/expire',
    access: 'secret',
    handler: ({ path }) => expireCheckoutSession(engine, getCheckoutSession(engine, path.id!)),
  });

  route({
    method: 'GET',
    url: '/v1/payment_pages/:id',
    access: 'publishable',
    handler: ({ path }) => {
      const session = getCheckoutSession(engine, path.id!);
      return {
        id: session.id,
        object: 'checkout.session',
        amount_total: session.amount_total,
        currency: session.currency,
        livemode: false,
        status: session.status,
        payment_status: session.payment_status,
        url: session.url,
      };
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_pages/:id/confirm',
    access: 'publishable',
    handler: ({ params, path }) => {
      const p = new Params(params);
      const session = getCheckoutSession(engine, path.id!);
      const pm = p.string('payment_method');
      if (!pm) throw parameterMissing('payment_method');
      const result = payCheckoutSession(engine, session, { paymentMethod: pm });
      if (result.kind === 'declined') throw invalidRequest(result.message, { validation: false });
      return session;
    },
  });
}
