/**
 * The one place Stripe events change the order log, whichever source delivered them (the Events API poller, the
 * Stripe CLI listener, or reconciliation). Each event id is stored once — a repeat changes nothing — and each
 * event only ever moves its order forward (see orders/order-state.ts), so duplicates and shuffled deliveries end
 * in the same state as in-order delivery. A batch is one transaction: one disk sync for a page of events.
 */
import type Stripe from 'stripe';
import { createAuditLog } from '../db/audit-log';
import type { Durability } from '../db/durability';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { OrderStore } from '../orders/order-store';
import type { AttemptStore } from '../payments/attempt-store';
import { interpretIntent } from '../payments/intent-outcome';
import { createRefundStore } from '../refunds/refund-store';
import type { PushHub } from '../push/push-hub';
import { storedEvent } from './stored-event';
import { createLinkStore } from '../payments/link-store';

export type EventSource = 'events_api' | 'stripe_cli' | 'reconcile';

/** The events Till acts on; sources ask Stripe for these only. */
export const HANDLED_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.requires_action',
  'payment_intent.processing',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'checkout.session.completed',
  'checkout.session.expired',
] as const;

export interface IngestResult {
  stored: number;
  duplicates: number;
  /** Orders whose state changed. */
  changed: string[];
  /** Events for PaymentIntents that are not in the log (left for reconciliation). */
  unmatched: number;
}

interface EventObject {
  id: string;
  object: string;
  payment_intent?: string | { id: string } | null;
  metadata?: Record<string, string> | null;
}

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

export function createEventProcessor(deps: {
  db: Db;
  durability: Durability;
  orders: OrderStore;
  attempts: AttemptStore;
  push: PushHub;
  log: Logger;
  now?: () => number;
}) {
  const { db, orders, attempts } = deps;
  const now = deps.now ?? Date.now;
  const refunds = createRefundStore(db, now);
  const links = createLinkStore(db, now);
  const audit = createAuditLog(db, now);
  // Positional parameters: this runs for every event stored, and binding by name costs a lookup per parameter.
  const insert = db.prepare<
    [string, string, number, 0 | 1, string | null, string | null, EventSource, string, number, number]
  >(
    `INSERT OR IGNORE INTO stripe_events (id, type, created, livemode, object_id, order_id, source, payload,
                                          received_at, processed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  /** Which of a batch's event ids are stored already: one query, so a repeat costs neither serializing nor a write. */
  const storedAlready = db
    .prepare<[string], string>('SELECT id FROM stripe_events WHERE id IN (SELECT value FROM json_each(?))')
    .pluck();
  const orderById = db.prepare<[string], { payment_intent_id: string | null }>(
    'SELECT payment_intent_id FROM orders WHERE id = ?',
  );
  /**
   * Stored events that found no order when they arrived but whose PaymentIntent the log knows now (it learned the
   * id later: from another event's metadata, from checkout or from reconciliation), oldest first.
   */
  const adoptable = db.prepare<[], { id: string; payload: string; order_id: string }>(
    `SELECT e.id, e.payload, o.id AS order_id
       FROM stripe_events e
       JOIN orders o ON o.payment_intent_id = CASE WHEN e.type LIKE 'payment_intent.%' THEN e.object_id
                                                   ELSE json_extract(e.payload, '$.data.object.payment_intent') END
      WHERE e.order_id IS NULL
      ORDER BY e.created, e.received_at`,
  );
  const claim = db.prepare('UPDATE stripe_events SET order_id = ? WHERE id = ? AND order_id IS NULL');
  /** Set when a batch taught the log an order's PaymentIntent: stored unmatched events may be about it. */
  let linked = false;

  /** A PaymentIntent belongs to one order for good, so its order is remembered (a payment has several events). */
  const orderByIntent = new Map<string, string>();
  const MAX_REMEMBERED = 20_000;

  /** The order an event is about: by PaymentIntent id, or by the order id Till put in the intent's metadata. */
  function orderFor(event: Stripe.Event): string | null {
    const object = event.data.object as unknown as EventObject;
    const intentId = object.object === 'payment_intent' ? object.id : idOf(object.payment_intent);
    if (intentId) {
      const known = orderByIntent.get(intentId) ?? orders.idForPaymentIntent(intentId);
      if (known) {
        if (orderByIntent.size >= MAX_REMEMBERED) orderByIntent.clear();
        orderByIntent.set(intentId, known);
        return known;
      }
    }
    const fromMetadata = object.metadata?.till_order_id;
    const order = fromMetadata ? orderById.get(fromMetadata) : undefined;
    if (fromMetadata && order) {
      // Charges carry their PaymentIntent's metadata too: either teaches the log the order's PaymentIntent.
      if (intentId && !order.payment_intent_id) {
        orders.setPaymentIntent(fromMetadata, intentId);
        linked = true;
      }
      return fromMetadata;
    }
    return null;
  }

  /** Applies one new event to its order; returns whether the order changed. */
  function apply(event: Stripe.Event, orderId: string): boolean {
    const at = event.created * 1000;
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed':
      case 'payment_intent.canceled':
      case 'payment_intent.requires_action':
      case 'payment_intent.processing': {
        // The event carries the PaymentIntent as it was then: it is read as checkout reads Stripe's answer.
        const reading = interpretIntent(event.data.object);
        const moved = orders.advancePayment(orderId, reading.order.paymentState, at);
        const { status, errorCode, declineCode, errorMessage } = reading.attempt;
        // Only an order that was waiting on Stripe can have an attempt still waiting for this answer, and only a
        // final answer (paid, or the card failed) settles it.
        if (
          moved &&
          (moved.from === 'processing' || moved.from === 'requires_action') &&
          (status === 'succeeded' || status === 'failed')
        ) {
          attempts.settleWaiting(orderId, reading.intent.id, { status, errorCode, declineCode, errorMessage });
        }
        return moved !== null;
      }
      case 'charge.refunded':
        // A charge's running total; exact per-refund events, when the log has them, take precedence.
        if (refunds.count(orderId) > 0) return false;
        return orders.setAmountRefunded(orderId, event.data.object.amount_refunded, { onlyUp: true });
      case 'refund.created':
      case 'refund.updated':
      case 'refund.failed': {
        const refund = event.data.object;
        const total = refunds.record(orderId, {
          id: refund.id,
          amount: refund.amount,
          currency: refund.currency,
          status: refund.status,
          reason: refund.reason,
          tillRefundId: refund.metadata?.till_refund_id ?? null,
        });
        return orders.setAmountRefunded(orderId, total, { onlyUp: false });
      }
      case 'charge.dispute.created':
      case 'charge.dispute.updated':
      case 'charge.dispute.closed':
      case 'charge.dispute.funds_withdrawn':
      case 'charge.dispute.funds_reinstated': {
        const dispute = event.data.object;
        const changed = orders.recordDispute(orderId, {
          status: dispute.status,
          amount: dispute.amount,
          reason: dispute.reason,
        });
        if (changed) audit.record('stripe', `dispute.${dispute.status}`, orderId, { disputeId: dispute.id });
        return changed;
      }
      case 'checkout.session.completed':
      case 'checkout.session.expired': {
        // A payment link paid or run out. A paid one also pays its order (its payment_intent.succeeded may come
        // later, or not at all from a source that missed it); the order only ever moves forward.
        const session = event.data.object;
        const link = links.bySession(session.id);
        const settled = link
          ? links.settle(link.id, event.type === 'checkout.session.completed' ? 'complete' : 'expired')
          : false;
        const paid = event.type === 'checkout.session.completed' && session.payment_status === 'paid';
        const intentId = idOf(session.payment_intent);
        if (paid && intentId && !orderById.get(orderId)?.payment_intent_id) orders.setPaymentIntent(orderId, intentId);
        const moved = paid ? orders.advancePayment(orderId, 'paid', at) !== null : false;
        if (settled || moved)
          audit.record('stripe', event.type === 'checkout.session.completed' ? 'link.paid' : 'link.expired', orderId, {
            sessionId: session.id,
          });
        return settled || moved;
      }
      default:
        return false;
    }
  }

  const ingestBatch = db.transaction((events: readonly Stripe.Event[], source: EventSource): IngestResult => {
    const result: IngestResult = { stored: 0, duplicates: 0, changed: [], unmatched: 0 };
    const changed = new Set<string>();
    linked = false;
    const seen = new Set(storedAlready.all(JSON.stringify(events.map((event) => event.id))));
    const at = now();
    for (const received of events) {
      if (seen.has(received.id)) {
        result.duplicates++;
        continue;
      }
      seen.add(received.id); // the same event twice in one batch
      // Applied as it is stored (only what Till reads, no secrets), so a replay from the log acts the same.
      const event = storedEvent(received);
      const orderId = orderFor(event);
      const object = event.data.object as unknown as EventObject;
      const row = insert.run(
        event.id,
        event.type,
        event.created,
        event.livemode ? 1 : 0,
        object.id ?? null,
        orderId,
        source,
        JSON.stringify(event),
        at, // received
        at, // processed
      );
      if (row.changes === 0) {
        result.duplicates++; // the table has the last word on what is a repeat
        continue;
      }
      result.stored++;
      if (!orderId) {
        result.unmatched++;
        continue;
      }
      if (apply(event, orderId)) changed.add(orderId);
    }
    if (linked) for (const orderId of adoptUnmatched()) changed.add(orderId);
    result.changed = [...changed];
    return result;
  });

  /** Applies stored events that had no order when they arrived and have one now; returns the orders changed. */
  function adoptUnmatched(): Set<string> {
    const changed = new Set<string>();
    for (const row of adoptable.all()) {
      if (claim.run(row.order_id, row.id).changes === 0) continue;
      if (apply(JSON.parse(row.payload) as Stripe.Event, row.order_id)) changed.add(row.order_id);
    }
    return changed;
  }

  return {
    /**
     * Applies stored events whose PaymentIntent the log learned after they arrived: reconciliation calls this after
     * it recorded PaymentIntents (settled an unknown outcome, restored an order) that events may already be about.
     */
    adoptUnmatched(): string[] {
      const changed = [...db.transaction(adoptUnmatched)()];
      for (const orderId of changed) deps.push.publish('orders.changed', { orderId });
      return changed;
    },
    /** Stores and applies a batch of events (any order, any repeats) in one transaction. */
    ingest(events: readonly Stripe.Event[], source: EventSource): IngestResult {
      if (events.length === 0) return { stored: 0, duplicates: 0, changed: [], unmatched: 0 };
      // Events can always be fetched again from Stripe (the poller saves its cursor after this commit, at FULL, which
      // puts this page on the disk too; the CLI listener catches up from the Events API when it reconnects), so their
      // commit need not wait for the disk: a power cut can only make Till fetch them again.
      const result = deps.durability.deferred(() => ingestBatch(events, source));
      for (const orderId of result.changed) deps.push.publish('orders.changed', { orderId });
      return result;
    },
  };
}
export type EventProcessor = ReturnType<typeof createEventProcessor>;
