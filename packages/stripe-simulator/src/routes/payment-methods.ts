/** /v1/payment_methods and /v1/confirmation_tokens. */
import { parameterMissing, resourceMissing } from '../api/errors';
import { applyExpand } from '../http/expand';
import { listPage, readListParams } from '../http/lists';
import { Params } from '../api/params';
import { getCustomer } from '../resources/catalog';
import { createConfirmationToken, getConfirmationToken } from '../resources/confirmation-tokens';
import {
  attachPaymentMethod,
  detachPaymentMethod,
  insertPaymentMethod,
  paymentMethodFromData,
  readBillingDetails,
  resolvePaymentMethod,
} from '../resources/payment-methods';
import { applyMetadata } from '../api/params';
import { createCardToken, getToken } from '../resources/tokens';
import { STRIPE_JS_EXTRAS, type Registrar } from './registrar';

export function registerPaymentMethods({ engine, route }: Registrar): void {
  const get = (id: string) => {
    if (id.startsWith('pm_card_')) return resolvePaymentMethod(engine, id, 'payment_method');
    const pm = engine.store.paymentMethods.get(id);
    if (!pm) throw resourceMissing('PaymentMethod', id, 'payment_method');
    return pm;
  };

  route({
    method: 'POST',
    url: '/v1/payment_methods',
    access: 'publishable',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([
        'type',
        'card',
        'billing_details',
        'metadata',
        'customer',
        'payment_method',
        'allow_redisplay',
        'radar_options',
        'expand',
        ...STRIPE_JS_EXTRAS,
      ]);
      const pm = insertPaymentMethod(engine, paymentMethodFromData(engine, p));
      return applyExpand(engine, pm, p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/payment_methods',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([
        'customer',
        'type',
        'limit',
        'starting_after',
        'ending_before',
        'expand',
      ]);
      const customer = p.string('customer');
      return listPage(engine.store.paymentMethods, readListParams(p), '/v1/payment_methods', 'PaymentMethod', (pm) =>
        customer ? pm.customer === customer : true,
      );
    },
  });

  route({
    method: 'GET',
    url: '/v1/customers/:id/payment_methods',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly([
        'type',
        'limit',
        'starting_after',
        'ending_before',
        'expand',
        'allow_redisplay',
      ]);
      const customer = getCustomer(engine, path.id!);
      return listPage(
        engine.store.paymentMethods,
        readListParams(p),
        `/v1/customers/${customer.id}/payment_methods`,
        'PaymentMethod',
        (pm) => pm.customer === customer.id,
      );
    },
  });

  route({
    method: 'GET',
    url: '/v1/payment_methods/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['expand']);
      return applyExpand(engine, get(path.id!), p.stringList('expand'));
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_methods/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['billing_details', 'metadata', 'card', 'allow_redisplay', 'expand']);
      const pm = get(path.id!);
      if (p.has('billing_details')) pm.billing_details = readBillingDetails(p.obj('billing_details'));
      pm.metadata = applyMetadata(pm.metadata ?? {}, p);
      const card = p.obj('card');
      if (card && pm.card) {
        const m = card.int('exp_month');
        const y = card.int('exp_year');
        if (m) pm.card.exp_month = m;
        if (y) pm.card.exp_year = y;
      }
      engine.touch();
      engine.emit('payment_method.updated', pm);
      return pm;
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_methods/:id/attach',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['customer', 'customer_account', 'expand']);
      const customer = p.string('customer');
      if (!customer) throw parameterMissing('customer');
      return attachPaymentMethod(engine, get(path.id!), customer);
    },
  });

  route({
    method: 'POST',
    url: '/v1/payment_methods/:id/detach',
    access: 'secret',
    handler: ({ params, path }) => {
      new Params(params).allowOnly(['expand']);
      return detachPaymentMethod(engine, get(path.id!));
    },
  });

  route({
    method: 'POST',
    url: '/v1/tokens',
    access: 'publishable',
    handler: ({ params, raw }) =>
      createCardToken(engine, new Params(params).allowOnly(['card', 'expand', ...STRIPE_JS_EXTRAS]), raw.ip ?? null),
  });

  route({
    method: 'GET',
    url: '/v1/tokens/:id',
    access: 'secret',
    handler: ({ path }) => getToken(engine, path.id!),
  });

  const tokenParams = [
    'payment_method',
    'payment_method_data',
    'payment_method_options',
    'return_url',
    'setup_future_usage',
    'shipping',
    'expand',
    'mandate_data',
    ...STRIPE_JS_EXTRAS,
  ];
  // Stripe.js creates ConfirmationTokens with the publishable key; servers can use the test helper.
  for (const url of ['/v1/confirmation_tokens', '/v1/test_helpers/confirmation_tokens']) {
    route({
      method: 'POST',
      url,
      access: url.includes('test_helpers') ? 'secret' : 'publishable',
      handler: ({ params }) => createConfirmationToken(engine, new Params(params).allowOnly(tokenParams)),
    });
  }

  route({
    method: 'GET',
    url: '/v1/confirmation_tokens/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      new Params(params).allowOnly(['expand']);
      return getConfirmationToken(engine, path.id!);
    },
  });
}
