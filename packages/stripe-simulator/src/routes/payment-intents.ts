/** /v1/payment_intents (create, retrieve, update, confirm, cancel, capture, list, search). */
import type Stripe from 'stripe';
import type { AuthInfo } from '../context';
import { publishableKeyNotAllowed } from '../api/errors';
import { applyExpand } from '../http/expand';
import { listPage, readListParams } from '../http/lists';
import { Params } from '../api/params';
import { createPaymentIntent, confirmPaymentIntent } from '../resources/payment-flow';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  checkClientSecret,
  getPaymentIntent,
  updatePaymentIntent,
  viewFor,
} from '../resources/payment-intents';
import { searchPaymentIntents } from '../resources/search';
import { STRIPE_JS_EXTRAS, type Registrar } from './registrar';

const CREATE = [
  'allowed_payment_method_types',
  'amount',
  'amount_details',
  'application_fee_amount',
  'automatic_payment_methods',
  'capture_method',
  'confirm',
  'confirmation_method',
  'confirmation_token',
  'currency',
  'customer',
  'customer_account',
  'description',
  'error_on_requires_action',
  'excluded_payment_method_types',
  'expand',
  'hooks',
  'mandate',
  'mandate_data',
  'metadata',
  'off_session',
  'on_behalf_of',
  'payment_details',
  'payment_method',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'radar_options',
  'receipt_email',
  'return_url',
  'setup_future_usage',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_data',
  'transfer_group',
  'use_stripe_sdk',
];
const UPDATE = [
  'allowed_payment_method_types',
  'amount',
  'amount_details',
  'application_fee_amount',
  'capture_method',
  'currency',
  'customer',
  'customer_account',
  'description',
  'excluded_payment_method_types',
  'expand',
  'hooks',
  'metadata',
  'payment_details',
  'payment_method',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_data',
  'transfer_group',
];
const CONFIRM = [
  'allowed_payment_method_types',
  'amount_details',
  'amount_to_confirm',
  'capture_method',
  'client_secret',
  'confirmation_token',
  'error_on_requires_action',
  'excluded_payment_method_types',
  'expand',
  'hooks',
  'mandate',
  'mandate_data',
  'off_session',
  'payment_details',
  'payment_method',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'radar_options',
  'receipt_email',
  'return_url',
  'setup_future_usage',
  'shipping',
  'use_stripe_sdk',
  ...STRIPE_JS_EXTRAS,
];

export function registerPaymentIntents({ engine, route }: Registrar): void {
  const respond = (pi: Stripe.PaymentIntent, auth: AuthInfo | null, p: Params) =>
    applyExpand(engine, viewFor(pi, auth), p.stringList('expand'));

  route({
    method: 'POST',
    url: '/v1/payment_intents',
    access: 'secret',
    handler: ({ params, auth, raw }) => {
      const p = new Params(params).allowOnly(CREATE);
      const version = raw.headers['stripe-version'];
      const stripeVersion = Array.isArray(version) ? version[0] : version;
      return respond(createPaymentIntent(engine, p, auth, { stripeVersion }), auth, p);
    },
  });

  route({
    method: 'GET',
    url: '/v1/payment_intents',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([
        'created',
        'customer',
        'ending_before',
        'expand',
        'limit',
        'starting_after',
      ]);
      const customer = p.string('customer');
      const list = listPage(
        engine.store.paymentIntents,
        readListParams(p),
        '/v1/payment_intents',
        'payment_intent',
        customer ? (pi) => pi.customer === customer : undefined,
      );
      return applyExpand(engine, list, p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/payment_intents/search',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly(['expand', 'limit', 'page', 'query']);
      return applyExpand(engine, searchPaymentIntents(engine, p), p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/payment_intents/:id',
    access: 'publishable',
    handler: ({ params, path, auth }) => {
      const p = new Params(params).allowOnly(['client_secret', 'expand']);
      const pi = getPaymentIntent(engine, path.id!);
      if (auth?.kind === 'publishable') {
        if (!p.has('client_secret')) throw publishableKeyNotAllowed();
        checkClientSecret(pi, p.string('client_secret'));
      }
      return respond(pi, auth, p);
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_intents/:id',
    access: 'secret',
    handler: ({ params, path, auth }) => {
      const p = new Params(params).allowOnly(UPDATE);
      const pi = getPaymentIntent(engine, path.id!);
      return respond(updatePaymentIntent(engine, pi, p), auth, p);
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_intents/:id/confirm',
    access: 'publishable',
    handler: ({ params, path, auth }) => {
      const p = new Params(params).allowOnly(CONFIRM);
      const pi = getPaymentIntent(engine, path.id!);
      return respond(confirmPaymentIntent(engine, pi, p, auth), auth, p);
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_intents/:id/cancel',
    access: 'secret',
    handler: ({ params, path, auth }) => {
      const p = new Params(params).allowOnly(['cancellation_reason', 'expand']);
      return respond(cancelPaymentIntent(engine, getPaymentIntent(engine, path.id!), p, auth), auth, p);
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_intents/:id/capture',
    access: 'secret',
    handler: ({ params, path, auth }) => {
      const p = new Params(params).allowOnly([
        'amount_to_capture',
        'application_fee_amount',
        'expand',
        'final_capture',
        'metadata',
        'statement_descriptor',
        'statement_descriptor_suffix',
        'transfer_data',
      ]);
      return respond(capturePaymentIntent(engine, getPaymentIntent(engine, path.id!), p), auth, p);
    },
  });
}
