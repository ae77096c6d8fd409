/** /v1/events (list with created/type/types filters, retrieve, retry) and /v1/webhook_endpoints. */
import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../api/errors';
import { listPage, readListParams } from '../http/lists';
import { Params } from '../api/params';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
} from '../resources/webhook-endpoints';
import type { Registrar } from './registrar';

/** `payment_intent.*` matches every payment_intent event; `*` matches all. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (pattern === '*') return () => true;
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return (type) => type.startsWith(prefix);
  }
  return (type) => type === pattern;
}

export function registerEvents({ engine, route }: Registrar): void {
  route({
    method: 'GET',
    url: '/v1/events',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([
        'created',
        'delivery_success',
        'ending_before',
        'expand',
        'limit',
        'starting_after',
        'type',
        'types',
      ]);
      const type = p.string('type');
      const types = p.stringList('types');
      if (type && types) {
        throw invalidRequest('You may pass either `type` or `types`, but not both.', { param: 'types' });
      }
      if (types && types.length > 20) {
        throw invalidRequest('You may pass at most 20 types.', { param: 'types' });
      }
      const matchers = (type ? [type] : (types ?? [])).map(typeMatcher);
      const deliverySuccess = p.bool('delivery_success');
      const filter =
        matchers.length || deliverySuccess !== undefined
          ? (e: Stripe.Event) =>
              (matchers.length === 0 || matchers.some((m) => m(e.type))) &&
              (deliverySuccess === undefined || (e.pending_webhooks === 0) === deliverySuccess)
          : undefined;
      return listPage(engine.events.events, readListParams(p), '/v1/events', 'event', filter);
    },
  });

  route({
    method: 'GET',
    url: '/v1/events/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      new Params(params).allowOnly(['expand']);
      const event = engine.events.get(path.id!);
      if (!event) throw resourceMissing('event', path.id!, 'id');
      return event;
    },
  });

  route({
    method: 'POST',
    url: '/v1/events/:id/retry',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['for_stripecli', 'webhook_endpoint', 'expand']);
      const event = engine.events.get(path.id!);
      if (!event) throw resourceMissing('event', path.id!, 'id');
      const endpoint = p.string('webhook_endpoint') ?? null;
      if (endpoint) getWebhookEndpoint(engine, endpoint);
      engine.events.redeliver(event, { forStripeCli: p.bool('for_stripecli') ?? false, webhookEndpoint: endpoint });
      return event;
    },
  });

  route({
    method: 'POST',
    url: '/v1/webhook_endpoints',
    access: 'secret',
    handler: ({ params }) =>
      createWebhookEndpoint(
        engine,
        new Params(params).allowOnly([
          'api_version',
          'connect',
          'description',
          'enabled_events',
          'expand',
          'metadata',
          'url',
        ]),
      ),
  });

  route({
    method: 'GET',
    url: '/v1/webhook_endpoints',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly(['ending_before', 'expand', 'limit', 'starting_after']);
      return listPage(
        engine.store.webhookEndpoints,
        readListParams(p),
        '/v1/webhook_endpoints',
        'webhook_endpoint',
        (w) => w.status !== 'deleted',
      );
    },
  });

  route({
    method: 'GET',
    url: '/v1/webhook_endpoints/:id',
    access: 'secret',
    handler: ({ path }) => getWebhookEndpoint(engine, path.id!),
  });

  route({
    method: 'POST',
    url: '/v1/webhook_endpoints/:id',
    access: 'secret',
    handler: ({ params, path }) =>
      updateWebhookEndpoint(
        engine,
        getWebhookEndpoint(engine, path.id!),
        new Params(params).allowOnly(['description', 'disabled', 'enabled_events', 'expand', 'metadata', 'url']),
      ),
  });

  route({
    method: 'DELETE',
    url: '/v1/webhook_endpoints/:id',
    access: 'secret',
    handler: ({ path }) => deleteWebhookEndpoint(engine, getWebhookEndpoint(engine, path.id!)),
  });
}
