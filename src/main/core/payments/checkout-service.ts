/**
 * Taking the card: finalize-on-the-server, as Stripe recommends for phone orders. The renderer hands over a
 * ConfirmationToken (the card stayed inside Stripe's iframe); main prices the order itself, writes it, writes the
 * attempt with its idempotency key, and only then creates-and-confirms the PaymentIntent.
 *
 *   write order + pending attempt  →  call Stripe  →  write the result
 *
 * A declined card keeps the same order (and PaymentIntent) open for another card, as Stripe's MOTO guide says.
 */
import type Stripe from 'stripe';
import type { CartInput, CustomerInput, PaymentOutcome, Quote } from '#shared/contract';
import { formatMoney } from '#shared/money';
import type { Durability } from '../db/durability';
import { staffIdOf, type AuditActor, type AuditLog } from '../db/audit-log';
import { conflict, notFound } from '../errors';
import type { Logger } from '../log';
import type { OrderRecord, OrderStore } from '../orders/order-store';
import type { PushHub } from '../push/push-hub';
import type { Attempt, AttemptStore } from './attempt-store';
import { MESSAGES } from './clerk-messages';
import { interpretIntent } from './intent-outcome';
import type { Caller } from '../ipc/caller';
import { createOrderLock, type OrderLock } from './order-lock';
import { receiptAfterPayment, withPaidReceipt, type ShopForReceipt } from './paid-receipt';
import { callStripe, type RetryPolicy, type StripeCallResult } from './stripe-call';

export interface CheckoutDeps {
  stripe: Stripe;
  orders: OrderStore;
  attempts: AttemptStore;
  audit: AuditLog;
  durability: Durability;
  price(cart: CartInput): Quote;
  motoEnabled(): boolean;
  /** The shop's name, address and tax numbers, for the receipt of a paid order. */
  shop: ShopForReceipt;
  push: PushHub;
  log: Logger;
  retry?: RetryPolicy;
  /** Shared with pay-by-link, so a card and a link for one order are never under way at once. */
  orderLock?: OrderLock;
  /**
   * Closes the order's open payment link at Stripe (pay-by-link.ts), run inside this order's lock before a card is
   * charged: 'paid' when the customer paid the link first, and the order is marked paid.
   */
  closeLink?(orderId: string, caller: Caller): Promise<'closed' | 'paid' | 'none'>;
}

export interface PayRequest {
  checkoutId: string;
  cart: CartInput;
  customer: CustomerInput;
  note: string;
  confirmationTokenId: string;
}

type Intent = Stripe.PaymentIntent;

/** Statuses in which the order can still take a (new) card. */
const PAYABLE = new Set(['open', 'failed']);
/**
 * An unfinished 3D Secure check leaves the PaymentIntent in requires_action; Stripe confirms it again with another
 * card (or the same one), so the clerk can try again instead of starting over.
 */
const RETRYABLE = new Set([...PAYABLE, 'requires_action']);
/** PaymentIntent statuses in which Stripe has the money (or is getting it): nothing can be confirmed again. */
const SETTLED_AT_STRIPE = new Set<string>(['succeeded', 'processing', 'requires_capture']);

const sameLines = (order: OrderRecord, quote: Quote) =>
  order.total === quote.total &&
  order.lines.length === quote.lines.length &&
  order.lines.every(
    (line, i) =>
      line.productId === quote.lines[i]!.productId &&
      line.quantity === quote.lines[i]!.quantity &&
      line.description === quote.lines[i]!.description &&
      line.total === quote.lines[i]!.total,
  );

export function createCheckoutService(deps: CheckoutDeps) {
  const { stripe, orders, attempts, audit, durability, push, log } = deps;
  /** A second Pay for an order whose call is under way waits for nothing and charges nothing. */
  const withOrderLock = (deps.orderLock ?? createOrderLock(MESSAGES.inProgress)).run;

  const outcome = (
    order: OrderRecord,
    fields: Omit<PaymentOutcome, 'orderId' | 'orderNumber' | 'receipt'>,
  ): PaymentOutcome => ({
    orderId: order.id,
    orderNumber: order.number,
    ...fields,
    receipt: null,
  });
  /** Every answer that leaves the service: a paid one carries its receipt (see paid-receipt.ts). */
  const answer = (result: PaymentOutcome) => withPaidReceipt(result, orders, attempts, deps.shop);

  const changed = (orderId: string) => push.publish('orders.changed', { orderId });

  async function send(attempt: Attempt): Promise<StripeCallResult<Intent>> {
    const options = { idempotencyKey: attempt.idempotencyKey, maxNetworkRetries: 0 };
    const { kind, paymentIntentId, params, amount } = attempt.request;
    if (kind === 'confirm' && amount !== undefined) {
      // The amount first, under a key of its own derived from the attempt's: resending the attempt repeats both.
      const updated = await callStripe(
        () =>
          stripe.paymentIntents.update(
            paymentIntentId!,
            { amount },
            { idempotencyKey: `${attempt.idempotencyKey}-amount`, maxNetworkRetries: 0 },
          ),
        deps.retry,
      );
      if (updated.kind === 'error') {
        // Refused: most likely the PaymentIntent moved on meanwhile (a 3D Secure check finished elsewhere). Where it
        // now stands is the answer; record() flags an amount that is not the order's.
        const now = await callStripe(
          () => stripe.paymentIntents.retrieve(paymentIntentId!, { expand: ['payment_method'] }),
          deps.retry,
        );
        if (now.kind === 'answered' && SETTLED_AT_STRIPE.has(now.value.status)) return now;
      }
      if (updated.kind !== 'answered') return updated;
    }
    return callStripe(
      () =>
        kind === 'create'
          ? stripe.paymentIntents.create(params as unknown as Stripe.PaymentIntentCreateParams, options)
          : stripe.paymentIntents.confirm(paymentIntentId!, params as Stripe.PaymentIntentConfirmParams, options),
      deps.retry,
    );
  }

  /**
   * Writes what Stripe said (or that it said nothing) to the attempt and the order, in one transaction, as
   * intent-outcome.ts reads it. A PaymentIntent's commit does not wait for the disk: should a power cut undo it,
   * the attempt is pending again and reconciliation gets this same answer back from Stripe (the PaymentIntent
   * exists; its request's key replays it). What Till concluded without one is written at once.
   */
  function record(
    order: OrderRecord,
    attempt: Attempt,
    call: StripeCallResult<Intent>,
    actor: AuditActor,
  ): PaymentOutcome {
    const reading = interpretIntent(call);
    const { intent } = reading;
    const { paymentState, review } = reading.order;
    const paid = reading.clerk.status === 'paid';
    const write = () =>
      orders.transaction(() => {
        if (intent && !order.paymentIntentId) orders.setPaymentIntent(order.id, intent.id);
        attempts.finish(attempt.id, reading.attempt);
        const reason = review === 'clear' ? null : review === 'keep' ? undefined : review.flag;
        if (paymentState) orders.advancePayment(order.id, paymentState, undefined, reason);
        else if (reason) orders.flagForReview(order.id, reason);
        if (reading.audit) audit.record(actor, reading.audit.action, order.id, reading.audit.details);
        // A 3D Secure check finished elsewhere just before the clerk changed the cart and paid again: Stripe charged
        // the old amount and refused the new one. The order's lines say otherwise, so the owner is told.
        if (intent?.status === 'succeeded' && intent.amount !== attempt.amount) {
          orders.flagForReview(order.id, chargedOtherAmount(intent, attempt.amount));
        }
        // A paid order's receipt goes back with the answer: what of it may have moved since `order` was read.
        return paid ? orders.sincePaid(order.id) : undefined;
      });
    const since = intent ? durability.deferred(write) : write();
    if (call.kind === 'error' && !intent) {
      log.warn({ orderId: order.id, type: call.error.type, code: call.error.code }, 'Stripe refused a payment request');
    } else if (call.kind === 'unknown') {
      log.warn({ orderId: order.id, err: call.error }, 'payment outcome unknown; kept for reconciliation');
    }
    changed(order.id);
    const answered = outcome(order, reading.clerk);
    if (!since) return answered;
    const { status, cardBrand, cardLast4 } = reading.attempt;
    const charged = status === 'succeeded' && cardBrand && cardLast4 ? { brand: cardBrand, last4: cardLast4 } : null;
    return { ...answered, receipt: receiptAfterPayment(order, since, charged, attempts, deps.shop) };
  }

  async function run(order: OrderRecord, attempt: Attempt, actor: AuditActor): Promise<PaymentOutcome> {
    return record(order, attempt, await send(attempt), actor);
  }

  function paymentParams(order: OrderRecord, confirmationTokenId: string, customer: CustomerInput) {
    const moto = deps.motoEnabled() ? { payment_method_options: { card: { moto: true } } } : {};
    const receipt = customer.email ? { receipt_email: customer.email } : {};
    return { confirmation_token: confirmationTokenId, expand: ['payment_method'], ...moto, ...receipt };
  }

  /** Where the order stands now, for a Pay that arrives after the order was settled. */
  function settledOutcome(order: OrderRecord): PaymentOutcome | null {
    if (order.paymentState === 'paid') {
      return outcome(order, {
        status: 'paid',
        message: MESSAGES.paid(formatMoney(order.total, order.currency)),
        clientSecret: null,
        declineCode: null,
      });
    }
    if (order.paymentState === 'canceled') throw conflict('This order was canceled. Start a new order.');
    if (!PAYABLE.has(order.paymentState)) throw conflict(MESSAGES.inProgress);
    return null;
  }

  return {
    async pay(request: PayRequest, caller: Caller): Promise<PaymentOutcome> {
      return withOrderLock(request.checkoutId, async () => {
        let existing = orders.get(request.checkoutId);
        // One order, one payment: a link still out for this order is closed at Stripe first, under the same lock
        // as sending one. If the customer paid it meanwhile, no card is charged: the clerk is told it is paid. Only
        // an order already in the log can have a link (a link's row needs its order's), so a new one skips this.
        if (existing && deps.closeLink) {
          if ((await deps.closeLink(request.checkoutId, caller)) === 'paid') {
            const paid = settledOutcome(orders.get(request.checkoutId)!);
            if (paid) return paid;
          }
          existing = orders.get(request.checkoutId);
        }
        const quote = deps.price(request.cart);
        if (existing && !RETRYABLE.has(existing.paymentState)) {
          const settled = settledOutcome(existing);
          if (settled) return settled;
        }
        if (existing && existing.currency !== quote.currency) {
          throw conflict('The shop currency changed since this order was started. Cancel it and start a new order.');
        }
        // One write on the disk before Stripe is called: the order (with the cart as it is now — the clerk may have
        // changed it after a decline), and the attempt with its idempotency key and the amount to charge.
        const { order, attempt } = orders.transaction(() => {
          if (existing && !sameLines(existing, quote)) orders.replaceItems(existing.id, quote, caller);
          if (existing) orders.setCustomer(existing.id, request.customer, request.note);
          // A new order is written straight in the state the call leaves it in ('processing'); an existing one
          // (declined, or back from 3D Secure) moves there below. Either way the state is committed with the attempt.
          const order = existing
            ? orders.get(existing.id)!
            : orders.create(request.checkoutId, quote, request.customer, request.note, caller, 'processing');
          const params = paymentParams(order, request.confirmationTokenId, request.customer);
          // Every further confirm sets the amount first: whatever became of an earlier attempt's update, the card is
          // charged the order's total as written here.
          const attempt = order.paymentIntentId
            ? attempts.begin(
                order.id,
                order.total,
                order.currency,
                {
                  kind: 'confirm',
                  paymentIntentId: order.paymentIntentId,
                  params,
                  amount: order.total,
                },
                staffIdOf(caller),
              )
            : attempts.begin(
                order.id,
                order.total,
                order.currency,
                {
                  kind: 'create',
                  paymentIntentId: null,
                  params: {
                    amount: order.total,
                    currency: order.currency.toLowerCase(),
                    confirm: true,
                    allowed_payment_method_types: ['card'],
                    description: `Till order #${order.number}`,
                    metadata: { till_order_id: order.id, till_order_number: String(order.number) },
                    ...params,
                  },
                },
                staffIdOf(caller),
              );
          if (existing) orders.advancePayment(order.id, 'processing');
          return { order, attempt };
        });
        return run(order, attempt, caller);
      }).then(answer);
    },

    /** After 3D Secure (or when the outcome was unknown): ask Stripe where the order's payment stands. */
    /** `caller`: the clerk's window, or Till itself when reconciliation asks. */
    async refresh(orderId: string, caller: AuditActor = 'system'): Promise<PaymentOutcome> {
      return withOrderLock(orderId, async () => {
        const order = orders.get(orderId);
        if (!order) throw notFound('No such order.');
        const attempt = attempts.latest(orderId);
        if (!attempt) return settledOutcome(order) ?? outcome(order, noPayment);
        if (attempt.status === 'pending' || (attempt.status === 'unknown' && !order.paymentIntentId)) {
          // The request may or may not have reached Stripe: sending it again with the same key is safe.
          return run(order, attempt, caller);
        }
        if (!order.paymentIntentId) return settledOutcome(order) ?? outcome(order, noPayment);
        const call = await callStripe(
          () => stripe.paymentIntents.retrieve(order.paymentIntentId!, { expand: ['payment_method'] }),
          deps.retry,
        );
        return record(order, attempt, call, caller);
      }).then(answer);
    },

    async cancel(orderId: string, caller: Caller): Promise<PaymentOutcome> {
      return withOrderLock(orderId, async () => {
        const order = orders.get(orderId);
        if (!order) throw notFound('No such order.');
        if (order.paymentState === 'paid') {
          throw conflict('This order is paid. Refund it from Order history instead.');
        }
        if (order.paymentState === 'canceled') return outcome(order, canceledOutcome);
        if (!PAYABLE.has(order.paymentState) && order.paymentState !== 'requires_action') {
          throw conflict(MESSAGES.inProgress);
        }
        if (order.paymentIntentId) {
          const call = await callStripe(() => stripe.paymentIntents.cancel(order.paymentIntentId!), deps.retry);
          if (call.kind !== 'answered') {
            throw conflict('Stripe could not cancel the payment just now. Try again in a moment.');
          }
          if (call.value.status === 'succeeded') {
            const attempt = attempts.latest(orderId)!;
            return record(order, attempt, call, caller);
          }
        }
        orders.transaction(() => {
          orders.advancePayment(order.id, 'canceled');
          audit.record(caller, 'order.canceled', order.id);
        });
        changed(order.id);
        return outcome(order, canceledOutcome);
      }).then(answer);
    },
  };
}

const chargedOtherAmount = (intent: Intent, itemsTotal: number) =>
  `Stripe charged ${formatMoney(intent.amount, intent.currency.toUpperCase())}, but the order's items add up to ` +
  `${formatMoney(itemsTotal, intent.currency.toUpperCase())} (the cart was changed as the bank check finished). ` +
  'Check the items with the clerk who took it.';

const noPayment = {
  status: 'declined',
  message: 'No card has been tried for this order yet.',
  clientSecret: null,
  declineCode: null,
} as const;
const canceledOutcome = {
  status: 'canceled',
  message: MESSAGES.canceled,
  clientSecret: null,
  declineCode: null,
} as const;

export type CheckoutService = ReturnType<typeof createCheckoutService>;
