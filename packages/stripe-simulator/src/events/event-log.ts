/**
 * The account's events: stored in creation order (indexed by time for `created[...]` filters and cursors) and fanned
 * out to subscribers (Stripe CLI sessions, webhook endpoints, in-process listeners) after the request that caused them.
 */
import type Stripe from 'stripe';
import type { EventDelivery, EventListener } from '../context';
import { newId } from '../ids';
import { Collection } from '../state/collection';

export interface RequestInfo {
  id: string | null;
  idempotencyKey: string | null;
}

export interface EventLogDeps {
  now: () => number;
  apiVersion: string;
  /** How many webhook endpoints will receive an event of this type (for `pending_webhooks`). */
  pendingWebhooks: (type: string) => number;
  onError: (err: unknown) => void;
  onChange: () => void;
}

/** JSON round trip: the fastest deep copy for plain API objects, and it drops anything not serialisable. */
export const snapshot = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class EventLog {
  readonly events = new Collection<Stripe.Event, Record<string, never>>();
  private readonly listeners = new Set<EventListener>();
  private queue: Array<[Stripe.Event, EventDelivery]> = [];
  private flushScheduled = false;

  constructor(private readonly deps: EventLogDeps) {}

  /** Records an event of `type` about `object` as it is now (a snapshot), attributed to `request`. */
  emit(
    type: string,
    object: { id: string; object: string },
    request: RequestInfo | null,
    previousAttributes?: Record<string, unknown>,
  ): Stripe.Event {
    // The snapshot is taken now as JSON text and parsed only when someone reads the event (lists, listeners,
    // the state file): most events are written far more often than they are read, and this is the hot path.
    const objectJson = JSON.stringify(object);
    const previousJson = previousAttributes ? JSON.stringify(previousAttributes) : null;
    const event = {
      id: newId('evt'),
      object: 'event',
      api_version: this.deps.apiVersion,
      created: this.deps.now(),
      data: null as unknown,
      livemode: false,
      pending_webhooks: this.deps.pendingWebhooks(type),
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    };
    Object.defineProperty(event, 'data', {
      enumerable: true,
      configurable: true,
      get() {
        const data: { object: unknown; previous_attributes?: unknown } = { object: JSON.parse(objectJson) };
        if (previousJson !== null) data.previous_attributes = JSON.parse(previousJson);
        Object.defineProperty(event, 'data', { value: data, enumerable: true, writable: true, configurable: true });
        return data;
      },
    });
    const stored = event as unknown as Stripe.Event;
    this.events.insert(stored, {});
    this.deps.onChange();
    this.enqueue(stored, { redelivery: false, forStripeCli: false, webhookEndpoint: null });
    return stored;
  }

  /** Re-delivers a stored event to the subscribers (POST /v1/events/:id/retry). */
  redeliver(event: Stripe.Event, delivery: Omit<EventDelivery, 'redelivery'>): void {
    this.enqueue(event, { ...delivery, redelivery: true });
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: string): Stripe.Event | undefined {
    return this.events.get(id);
  }

  private enqueue(event: Stripe.Event, delivery: EventDelivery): void {
    if (this.listeners.size === 0) return;
    this.queue.push([event, delivery]);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // After the current I/O phase: the response that caused the event has been written by then.
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const [event, delivery] of batch) {
      for (const listener of this.listeners) {
        try {
          listener(event, delivery);
        } catch (err) {
          this.deps.onError(err);
        }
      }
    }
  }
}
