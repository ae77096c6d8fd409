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
import type { CartInput, CustomerInput, PaymentOutcome, Quote } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import type { Durability } from '../db/durability';
import { TillFailure } from '../ipc/failure';
import type { Logger } from '../log';
import type { OrderRecord, OrderStore } from '../orders/order-store';
import type { PushHub } from '../push/push-hub';
import type { Attempt, AttemptResult, AttemptStore } from './attempt-store';
import { declineMessage, MESSAGES } from './clerk-messages';
import { createOrderLock } from './order-lock';
import { withPaidReceipt } from './paid-receipt';
import { callStripe, type RetryPolicy, type StripeCallResult } from './stripe-call';

export interface CheckoutDeps {
  stripe: Stripe;
  orders: OrderStore;
  attempts: AttemptStore;
  durability: Durability;
  price(cart: CartInput): Quote;
  motoEnabled(): boolean;
  push: PushHub;
  log: Logger;
  retry?: RetryPolicy;
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

const conflict = (message: string) => new TillFailure({ code: 'conflict', message });

export function createCheckoutService(deps: CheckoutDeps) {
  const { stripe, orders, attempts, durability, push, log } = deps;
  /** A second Pay for an order whose call is under way waits for nothing and charges nothing. */
  const withOrderLock = createOrderLock(MESSAGES.inProgress).run;

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
  const answer = (result: PaymentOutcome) => withPaidReceipt(result, orders, attempts);

  const changed = (orderId: string) => push.publish('orders.changed', { orderId });

  function send(attempt: Attempt): Promise<StripeCallResult<Intent>> {
    const options = { idempotencyKey: attempt.idempotencyKey, maxNetworkRetries: 0 };
    const { kind, paymentIntentId, params } = attempt.request;
    return callStripe(
      () =>
        kind === 'create'
          ? stripe.paymentIntents.create(params as unknown as Stripe.PaymentIntentCreateParams, options)
          : stripe.paymentIntents.confirm(paymentIntentId!, params as Stripe.PaymentIntentConfirmParams, options),
      deps.retry,
    );
  }

  function cardOf(intent: Intent | undefined | null): Pick<AttemptResult, 'cardBrand' | 'cardLast4'> {
    const method = intent?.payment_method;
    if (method && typeof method === 'object' && method.card) {
      return { cardBrand: method.card.brand, cardLast4: method.card.last4 };
    }
    return {};
  }

  /**
   * Writes what Stripe says about the PaymentIntent to the attempt and the order, in one transaction. The commit
   * does not wait for the disk: should a power cut undo it, the attempt is pending again and reconciliation gets
   * this same answer back from Stripe (the PaymentIntent exists; its request's key replays it).
   */
  function recordIntent(order: OrderRecord, attempt: Attempt, intent: Intent): PaymentOutcome {
    const card = cardOf(intent);
    const total = formatMoney(order.total, order.currency);
    let result: PaymentOutcome;
    durability.deferred(() =>
      orders.transaction(() => {
        if (!order.paymentIntentId) orders.setPaymentIntent(order.id, intent.id);
        switch (intent.status) {
          case 'succeeded':
          case 'requires_capture':
            attempts.finish(attempt.id, { status: 'succeeded', paymentIntentId: intent.id, ...card });
            orders.advancePayment(order.id, 'paid', Date.now(), null);
            orders.audit('clerk', 'payment.succeeded', order.id, { paymentIntentId: intent.id, amount: intent.amount });
            result = outcome(order, {
              status: 'paid',
              message: MESSAGES.paid(total),
              clientSecret: null,
              declineCode: null,
            });
            break;
          case 'requires_action':
            attempts.finish(attempt.id, { status: 'requires_action', paymentIntentId: intent.id, ...card });
            orders.advancePayment(order.id, 'requires_action', Date.now(), null);
            result = outcome(order, {
              status: 'requires_action',
              message: MESSAGES.requiresAction,
              clientSecret: intent.client_secret,
              declineCode: null,
            });
            break;
          case 'canceled':
            attempts.finish(attempt.id, { status: 'canceled', paymentIntentId: intent.id, ...card });
            orders.advancePayment(order.id, 'canceled', Date.now(), null);
            result = outcome(order, {
              status: 'canceled',
              message: MESSAGES.canceled,
              clientSecret: null,
              declineCode: null,
            });
            break;
          case 'processing':
            attempts.finish(attempt.id, { status: 'unknown', paymentIntentId: intent.id, ...card });
            orders.advancePayment(order.id, 'processing');
            result = outcome(order, {
              status: 'unknown',
              message: MESSAGES.unknown,
              clientSecret: null,
              declineCode: null,
            });
            break;
          default: {
            // requires_payment_method / requires_confirmation: the last try failed; the order can take another card.
            const error = intent.last_payment_error;
            const message = declineMessage(error?.code, error?.decline_code);
            attempts.finish(attempt.id, {
              status: 'failed',
              paymentIntentId: intent.id,
              errorCode: error?.code ?? null,
              declineCode: error?.decline_code ?? null,
              errorMessage: error?.message ?? null,
              ...cardOf({ payment_method: error?.payment_method ?? null } as Intent),
            });
            orders.advancePayment(order.id, 'failed', Date.now(), null);
            orders.audit('clerk', 'payment.declined', order.id, {
              code: error?.code,
              declineCode: error?.decline_code,
            });
            result = outcome(order, {
              status: 'declined',
              message,
              clientSecret: null,
              declineCode: error?.decline_code ?? error?.code ?? null,
            });
          }
        }
      }),
    );
    changed(order.id);
    return result!;
  }

  function recordError(
    order: OrderRecord,
    attempt: Attempt,
    call: Exclude<StripeCallResult<Intent>, { kind: 'answered' }>,
  ) {
    if (call.kind === 'error') {
      const error = call.error;
      const intent = (error as { payment_intent?: Intent }).payment_intent;
      if (error.type === 'StripeCardError' && intent) {
        return recordIntent(order, attempt, {
          ...intent,
          last_payment_error: intent.last_payment_error ?? (error.raw as Intent['last_payment_error']),
        });
      }
      // Stripe refused the request itself (4xx): it was not executed, so nothing was charged.
      const motoRefused = error.code === 'parameter_unknown' && error.param?.includes('moto');
      const message = motoRefused
        ? 'Stripe refused the phone-order (MOTO) flag: MOTO is not enabled on this Stripe account. ' +
          'Nothing was charged. Turn MOTO off in settings, or ask Stripe to enable it.'
        : error.type === 'StripeRateLimitError'
          ? 'Stripe is busy right now. Nothing was charged. Try again in a moment.'
          : `Stripe refused the payment: ${error.message ?? 'no reason given'} Nothing was charged.`;
      orders.transaction(() => {
        attempts.finish(attempt.id, {
          status: 'failed',
          errorCode: error.code ?? error.type,
          errorMessage: error.message,
        });
        orders.advancePayment(order.id, 'failed');
      });
      log.warn({ orderId: order.id, type: error.type, code: error.code }, 'Stripe refused a payment request');
      changed(order.id);
      return outcome(order, { status: 'declined', message, clientSecret: null, declineCode: error.code ?? null });
    }
    if (call.kind === 'unreachable') {
      orders.transaction(() => {
        attempts.finish(attempt.id, {
          status: 'failed',
          errorCode: 'stripe_unreachable',
          errorMessage: String(call.error),
        });
        orders.advancePayment(order.id, 'failed');
      });
      changed(order.id);
      return outcome(order, {
        status: 'declined',
        message: MESSAGES.unreachable,
        clientSecret: null,
        declineCode: null,
      });
    }
    orders.transaction(() => {
      attempts.finish(attempt.id, {
        status: 'unknown',
        errorCode: 'outcome_unknown',
        errorMessage: String(call.error),
      });
      // The order is already 'processing' (set before the call): mark it so the owner sees it is being checked.
      orders.flagForReview(order.id, 'Stripe did not answer in time; Till is checking whether the card was charged.');
    });
    log.warn({ orderId: order.id, err: call.error }, 'payment outcome unknown; kept for reconciliation');
    changed(order.id);
    return outcome(order, { status: 'unknown', message: MESSAGES.unknown, clientSecret: null, declineCode: null });
  }

  async function run(order: OrderRecord, attempt: Attempt): Promise<PaymentOutcome> {
    const call = await send(attempt);
    return call.kind === 'answered' ? recordIntent(order, attempt, call.value) : recordError(order, attempt, call);
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
    async pay(request: PayRequest): Promise<PaymentOutcome> {
      return withOrderLock(request.checkoutId, async () => {
        const quote = deps.price(request.cart);
        const existing = orders.get(request.checkoutId);
        if (existing) {
          const settled = settledOutcome(existing);
          if (settled) return settled;
          if (!sameLines(existing, quote)) {
            throw new TillFailure({
              code: 'conflict',
              field: 'cart',
              message: "An order's items are fixed once a card has been tried. Cancel it to start a new order.",
            });
          }
        }
        // One write on the disk before Stripe is called: the order, and the attempt with its idempotency key.
        const { order, attempt } = orders.transaction(() => {
          const order = existing ?? orders.create(request.checkoutId, quote, request.customer, request.note, 'clerk');
          if (existing) orders.setCustomer(order.id, request.customer, request.note);
          const params = paymentParams(order, request.confirmationTokenId, request.customer);
          const attempt = order.paymentIntentId
            ? attempts.begin(order.id, order.total, order.currency, {
                kind: 'confirm',
                paymentIntentId: order.paymentIntentId,
                params,
              })
            : attempts.begin(order.id, order.total, order.currency, {
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
              });
          orders.advancePayment(order.id, 'processing');
          return { order, attempt };
        });
        return run(order, attempt);
      }).then(answer);
    },

    /** After 3D Secure (or when the outcome was unknown): ask Stripe where the order's payment stands. */
    async refresh(orderId: string): Promise<PaymentOutcome> {
      return withOrderLock(orderId, async () => {
        const order = orders.get(orderId);
        if (!order) throw new TillFailure({ code: 'not_found', message: 'No such order.' });
        const attempt = attempts.latest(orderId);
        if (!attempt) return settledOutcome(order) ?? outcome(order, noPayment);
        if (attempt.status === 'pending' || (attempt.status === 'unknown' && !order.paymentIntentId)) {
          // The request may or may not have reached Stripe: sending it again with the same key is safe.
          return run(order, attempt);
        }
        if (!order.paymentIntentId) return settledOutcome(order) ?? outcome(order, noPayment);
        const call = await callStripe(
          () => stripe.paymentIntents.retrieve(order.paymentIntentId!, { expand: ['payment_method'] }),
          deps.retry,
        );
        if (call.kind !== 'answered') return recordError(order, attempt, call);
        return recordIntent(order, attempt, call.value);
      }).then(answer);
    },

    async cancel(orderId: string): Promise<PaymentOutcome> {
      return withOrderLock(orderId, async () => {
        const order = orders.get(orderId);
        if (!order) throw new TillFailure({ code: 'not_found', message: 'No such order.' });
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
            return recordIntent(order, attempt, call.value);
          }
        }
        orders.transaction(() => {
          orders.advancePayment(order.id, 'canceled');
          orders.audit('clerk', 'order.canceled', order.id);
        });
        changed(order.id);
        return outcome(order, canceledOutcome);
      }).then(answer);
    },
  };
}

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
