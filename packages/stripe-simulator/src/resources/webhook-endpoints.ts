/** Webhook endpoints: URLs the simulator POSTs signed events to (see ../events/webhook-delivery). */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { invalidRequest, parameterMissing, resourceMissing } from '../api/errors';
import { applyMetadata, type Params } from '../api/params';
import { newId, randomAlnum } from '../ids';

export function getWebhookEndpoint(engine: Engine, id: string): Stripe.WebhookEndpoint {
  const endpoint = engine.store.webhookEndpoints.get(id);
  if (!endpoint || endpoint.status === 'deleted') throw resourceMissing('webhook_endpoint', id, 'id');
  return endpoint;
}

function readUrl(p: Params): string {
  const url = p.requiredString('url');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw invalidRequest(
      'Invalid URL: URL must be publicly accessible. Consider using a tool like the Stripe CLI to test webhooks locally: https://github.com/stripe/stripe-cli',
      {
        code: 'url_invalid',
        param: 'url',
      },
    );
  }
  return url;
}

export function createWebhookEndpoint(engine: Engine, p: Params): Stripe.WebhookEndpoint {
  const url = readUrl(p);
  const events = p.stringList('enabled_events');
  if (!events || events.length === 0) throw parameterMissing('enabled_events');
  const secret = `whsec_${randomAlnum(32)}`;
  const endpoint: Stripe.WebhookEndpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: p.string('api_version') ?? null,
    application: null,
    created: engine.now(),
    description: p.string('description') ?? null,
    enabled_events: events,
    livemode: false,
    metadata: applyMetadata({}, p),
    status: 'enabled',
    url,
  };
  engine.store.webhookEndpoints.insert(endpoint, { secret });
  engine.touch();
  // The secret is only shown at creation, as on Stripe.
  return { ...endpoint, secret };
}

export function updateWebhookEndpoint(
  engine: Engine,
  endpoint: Stripe.WebhookEndpoint,
  p: Params,
): Stripe.WebhookEndpoint {
  if (p.has('url')) endpoint.url = readUrl(p);
  const events = p.stringList('enabled_events');
  if (events) endpoint.enabled_events = events;
  if (p.has('description')) endpoint.description = p.string('description') ?? null;
  const disabled = p.bool('disabled');
  if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
  endpoint.metadata = applyMetadata(endpoint.metadata, p);
  engine.touch();
  return endpoint;
}

export function deleteWebhookEndpoint(engine: Engine, endpoint: Stripe.WebhookEndpoint): Stripe.DeletedWebhookEndpoint {
  endpoint.status = 'deleted';
  engine.touch();
  return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
}
