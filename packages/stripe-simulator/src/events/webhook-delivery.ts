/**
 * Delivers events to registered webhook endpoints: POST of the event JSON with `Stripe-Signature` signed by the
 * endpoint's own secret, retried a few times (Stripe's test mode retries "three times over a few hours"; the
 * simulator compresses that to seconds). A successful delivery decrements the event's `pending_webhooks`.
 */
import type Stripe from 'stripe';
import type { EventDelivery } from '../context';
import type { Engine } from '../engine';
import { signPayload } from './signature';

const RETRY_DELAYS_MS = [1_000, 5_000, 15_000];
const TIMEOUT_MS = 10_000;

export class WebhookDelivery {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly engine: Engine,
    private readonly log: { warn(msg: string): void },
  ) {}

  start(): () => void {
    return this.engine.events.subscribe((event, delivery) => this.onEvent(event, delivery));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.inFlight) c.abort();
  }

  private onEvent(event: Stripe.Event, delivery: EventDelivery): void {
    if (delivery.redelivery && delivery.forStripeCli) return;
    for (const { obj: endpoint, meta } of this.engine.store.webhookEndpoints.entries()) {
      if (endpoint.status !== 'enabled') continue;
      if (delivery.webhookEndpoint && delivery.webhookEndpoint !== endpoint.id) continue;
      if (!endpoint.enabled_events.includes('*') && !endpoint.enabled_events.includes(event.type)) continue;
      void this.send(event, endpoint.url, meta.secret, 0, !delivery.redelivery);
    }
  }

  private async send(
    event: Stripe.Event,
    url: string,
    secret: string,
    attempt: number,
    counts: boolean,
  ): Promise<void> {
    if (this.closed) return;
    const payload = JSON.stringify(event, null, 2);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let ok = false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signPayload(payload, secret, this.engine.now()),
        },
        body: payload,
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status >= 200 && res.status < 300;
      if (!ok) this.log.warn(`webhook ${event.id} to ${url}: HTTP ${res.status}`);
    } catch (err) {
      if (!this.closed) this.log.warn(`webhook ${event.id} to ${url}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (ok) {
      if (counts) {
        const stored = this.engine.events.get(event.id);
        if (stored && stored.pending_webhooks > 0) {
          stored.pending_webhooks -= 1;
          this.engine.touch();
        }
      }
      return;
    }
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.send(event, url, secret, attempt + 1, counts);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
