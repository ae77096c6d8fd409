/**
 * Pay-by-link: instead of keying the card, the clerk sends the caller a Stripe Checkout Session to pay on their own
 * device (the card number never touches the shop PC). Main prices the order as for a keyed card; the session
 * carries the order's lines (each with its tax, as the receipt shows them) and the order id in its metadata and in
 * its PaymentIntent's, so `payment_intent.succeeded` marks the order paid whichever event source brings it.
 *
 * Crash safety is the keyed card's: the link row, with its idempotency key and the exact request, is on the disk
 * before Stripe is called; a crash in between leaves it `creating`, and reconciliation sends the same request under
 * the same key (Stripe answers with the session it made, or makes it once). One order, one payment: a link cannot be
 * sent while a keyed payment is under way, and keying a card first closes the open link at Stripe (expire); if the
 * link was paid meanwhile, Stripe says so and no card is charged.
 */
import type Stripe from 'stripe';
import type { CartInput, CustomerInput, Quote } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { staffIdOf, type AuditActor, type AuditLog } from '../db/audit-log';
import { conflict, notFound } from '../errors';
import type { Logger } from '../log';
import type { OrderRecord, OrderStore } from '../orders/order-store';
import type { PushHub } from '../push/push-hub';
import type { LinkStore, PaymentLink } from './link-store';
import { callStripe, type RetryPolicy, type StripeCallResult } from './stripe-call';

export interface LinkDeps {
  stripe: Stripe;
  orders: OrderStore;
  links: LinkStore;
  audit: AuditLog;
  price(cart: CartInput): Quote;
  /** How long a link stays payable (the owner's setting): Stripe takes 30 minutes to 24 hours. */
  linkMinutes(): number;
  /** Where Stripe sends the customer after paying: the shop's own page, from the settings; null until set. */
  successUrl(): string | null;
  /** Runs one Stripe call per order at a time, shared with the keyed card (payments/order-lock.ts). */
  withOrderLock<T>(orderId: string, work: () => Promise<T>): Promise<T>;
  push: PushHub;
  log: Logger;
  retry?: RetryPolicy;
  now?: () => number;
}

export interface LinkRequest {
  checkoutId: string;
  cart: CartInput;
  customer: CustomerInput;
  note: string;
}

export interface LinkOutcome {
  orderId: string;
  orderNumber: number;
  /** open: the link is ready to give out · unknown: Stripe did not answer (Till finishes it) · failed: not made */
  status: 'open' | 'unknown' | 'failed' | 'paid';
  url: string | null;
  expiresAt: number | null;
  message: string;
}

const MIN_MINUTES = 30;
const MAX_MINUTES = 24 * 60;

/** The session's line items: each order line with its tax in the price, so Stripe's total is the order's. */
function lineItems(order: OrderRecord) {
  return order.lines.map((line) => ({
    quantity: 1,
    price_data: {
      currency: order.currency.toLowerCase(),
      unit_amount: line.total,
      product_data: { name: line.quantity > 1 ? `${line.quantity} × ${line.description}` : line.description },
    },
  }));
}

export function createPayByLink(deps: LinkDeps) {
  const { stripe, orders, links, audit, push, log } = deps;
  const now = deps.now ?? Date.now;
  const changed = (orderId: string) => push.publish('orders.changed', { orderId });

  const outcome = (order: OrderRecord, link: PaymentLink | null, status: LinkOutcome['status'], message: string) => ({
    orderId: order.id,
    orderNumber: order.number,
    status,
    url: status === 'open' ? (link?.url ?? null) : null,
    expiresAt: status === 'open' ? (link?.expiresAt ?? null) : null,
    message,
  });

  /** Sends the row's request under its key, and records what Stripe said. */
  async function create(order: OrderRecord, link: PaymentLink, actor: AuditActor): Promise<LinkOutcome> {
    const call: StripeCallResult<Stripe.Checkout.Session> = await callStripe(
      () =>
        stripe.checkout.sessions.create(link.request as Stripe.Checkout.SessionCreateParams, {
          idempotencyKey: link.idempotencyKey,
        }),
      deps.retry,
    );
    if (call.kind === 'answered') {
      const session = call.value;
      orders.transaction(() => {
        links.opened(link.id, { id: session.id, url: session.url!, expiresAt: session.expires_at * 1000 });
        audit.record(actor, 'link.sent', order.id, { sessionId: session.id, amount: link.amount });
      });
      changed(order.id);
      const opened = links.latest(order.id)!;
      return outcome(
        order,
        opened,
        'open',
        `The payment link for ${formatMoney(order.total, order.currency)} is ready. Read it out, copy it or e-mail it.`,
      );
    }
    if (call.kind === 'unknown') {
      links.settle(link.id, 'unknown');
      log.warn({ orderId: order.id, err: call.error }, 'payment link outcome unknown; kept for reconciliation');
      return outcome(
        order,
        link,
        'unknown',
        'Stripe did not answer in time. Till finishes the link: try again in a moment.',
      );
    }
    const message =
      call.kind === 'unreachable'
        ? 'Stripe could not be reached, so no link was made. Check the internet connection and try again.'
        : `Stripe did not make the link: ${call.error.message ?? 'no reason given'}`;
    links.settle(link.id, 'failed', message);
    changed(order.id);
    return outcome(order, link, 'failed', message);
  }

  /** Closes the order's open link at Stripe; 'paid' when Stripe says the customer paid it first. */
  async function closeOpen(orderId: string, caller: AuditActor): Promise<'closed' | 'paid' | 'none'> {
    const unanswered = links.latest(orderId);
    // A link whose answer never came may exist at Stripe all the same: it is finished first (its own key: Stripe
    // gives back the session it made, or makes it once) and then closed like any other, so a card keyed meanwhile
    // does not leave it payable, nor reconciliation open it later for a paid order.
    const waiting = unanswered && (unanswered.status === 'creating' || unanswered.status === 'unknown');
    if (waiting) {
      const made = await create(orders.get(orderId)!, unanswered, caller);
      if (made.status === 'unknown') {
        throw conflict('Stripe could not close the payment link just now. Try again in a moment.');
      }
    }
    // Read again only if finishing it changed the row: an order with no link (most card payments) is asked once.
    const link = waiting ? links.latest(orderId) : unanswered;
    if (!link || link.status !== 'open' || !link.sessionId) return 'none';
    const call = await callStripe(() => stripe.checkout.sessions.expire(link.sessionId!), deps.retry);
    if (call.kind === 'answered') {
      links.settle(link.id, 'canceled');
      audit.record(caller, 'link.canceled', orderId, { sessionId: link.sessionId });
      changed(orderId);
      return 'closed';
    }
    // Stripe refuses to expire a session that is complete: the customer paid. The order is marked paid from the
    // session now (its events may still be on the way), so the card form charges nothing.
    const session = await callStripe(() => stripe.checkout.sessions.retrieve(link.sessionId!), deps.retry);
    if (session.kind === 'answered' && session.value.status === 'complete') {
      const intentId =
        typeof session.value.payment_intent === 'string'
          ? session.value.payment_intent
          : session.value.payment_intent?.id;
      orders.transaction(() => {
        links.settle(link.id, 'complete');
        if (intentId && !orders.get(orderId)?.paymentIntentId) orders.setPaymentIntent(orderId, intentId);
        if (session.value.payment_status === 'paid') orders.advancePayment(orderId, 'paid');
      });
      changed(orderId);
      return 'paid';
    }
    // Already closed at Stripe, though the log still has it open: Till stopped after Stripe expired it and before
    // the answer was written (or it ran out), and its `checkout.session.expired` is not in yet. Nobody can pay it.
    if (session.kind === 'answered' && session.value.status === 'expired') {
      if (links.settle(link.id, 'expired')) changed(orderId);
      return 'closed';
    }
    throw conflict('Stripe could not close the payment link just now. Try again in a moment.');
  }

  return {
    /** Makes (or gives back) the payment link of the order on the checkout page. */
    async send(request: LinkRequest, caller: AuditActor): Promise<LinkOutcome> {
      return deps.withOrderLock(request.checkoutId, async () => {
        const quote = deps.price(request.cart);
        const existing = orders.get(request.checkoutId);
        if (existing?.paymentState === 'paid') return outcome(existing, null, 'paid', 'This order is paid.');
        if (existing && !['open', 'failed'].includes(existing.paymentState)) {
          throw conflict('A card payment for this order is under way. Wait for it before sending a link.');
        }
        const live = existing ? links.latest(existing.id) : null;
        if (existing && live?.status === 'open' && live.amount === quote.total && live.expiresAt > now()) {
          return outcome(existing, live, 'open', 'The link already sent is still open.');
        }
        if (live && (live.status === 'creating' || live.status === 'unknown')) {
          return create(existing!, live, caller);
        }
        // The cart changed since the last link (or it ran out): that link is closed at Stripe before a new one is
        // made, so the customer can never pay an old total. If it was paid meanwhile, the order is paid.
        if (existing && live?.status === 'open' && (await closeOpen(existing.id, caller)) === 'paid') {
          return outcome(orders.get(existing.id)!, null, 'paid', 'This order is paid.');
        }
        // Stripe's hosted page sends the paying customer to the merchant's own page; Till, on a shop PC, has none.
        const successUrl = deps.successUrl();
        if (!successUrl) {
          throw conflict(
            "To send payment links, enter your shop's web address in Payment settings: Stripe sends the customer " +
              'there after paying.',
          );
        }
        const minutes = Math.min(Math.max(deps.linkMinutes(), MIN_MINUTES), MAX_MINUTES);
        const { order, link } = orders.transaction(() => {
          const order = existing ?? orders.create(request.checkoutId, quote, request.customer, request.note, caller);
          if (existing) orders.setCustomer(existing.id, request.customer, request.note);
          const expiresAt = Math.floor((now() + minutes * 60_000) / 1000);
          const metadata = { till_order_id: order.id, till_order_number: String(order.number) };
          const params = {
            mode: 'payment',
            line_items: lineItems(order),
            metadata,
            payment_intent_data: { metadata, description: `Till order #${order.number}` },
            client_reference_id: order.id,
            expires_at: expiresAt,
            success_url: successUrl,
            ...(request.customer.email ? { customer_email: request.customer.email } : {}),
          };
          const link = links.begin(order.id, order.total, order.currency, expiresAt * 1000, params, staffIdOf(caller));
          return { order, link };
        });
        return create(order, link, caller);
      });
    },

    /** Closes the order's open link at Stripe (the clerk cancels it, or keys the card instead). */
    close: (orderId: string, caller: AuditActor) => deps.withOrderLock(orderId, () => closeOpen(orderId, caller)),
    /** The same, for a caller that already holds the order's lock (a card payment about to charge). */
    closeWhileLocked: closeOpen,

    /** Stripe's events about a session: completed (paid) or expired. */
    applySessionEvent(session: Stripe.Checkout.Session, type: string): string | null {
      const link = links.bySession(session.id);
      if (!link) return null;
      const status = type === 'checkout.session.completed' ? 'complete' : 'expired';
      return links.settle(link.id, status) ? link.orderId : null;
    },

    /** Reconciliation: links written but never answered are sent again under their key. */
    async settleUnanswered(): Promise<number> {
      let settled = 0;
      for (const link of links.unsettled()) {
        if (link.status === 'open') continue;
        const order = orders.get(link.orderId);
        if (!order) throw notFound(`The order of payment link ${link.id} is missing.`);
        const result = await deps.withOrderLock(order.id, () => create(order, link, 'system')).catch(() => null);
        if (result && result.status !== 'unknown') settled++;
      }
      return settled;
    },
  };
}
export type PayByLink = ReturnType<typeof createPayByLink>;
