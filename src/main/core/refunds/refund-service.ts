/**
 * Refunds from the Order history, owner only, made the way payments are:
 *
 *   write the refund (its idempotency key, its id in Stripe's metadata)  →  call Stripe  →  write the answer
 *
 * so that a crash or a lost answer never refunds twice: reconciliation finds a refund whose answer never came in
 * Stripe's list of the payment's refunds (by `till_refund_id`), and only when Stripe has none sends the same request
 * again under the same key.
 */
import type Stripe from 'stripe';
import { isChargeback } from '#shared/disputes';
import type { ParsedInput, RefundOutcome } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { timeOrderedId } from '#shared/time-ordered-id';
import type { AuditActor, AuditLog } from '../db/audit-log';
import type { Durability } from '../db/durability';
import { conflict, invalidInput, notFound } from '../errors';
import type { Caller } from '../ipc/caller';
import type { Logger } from '../log';
import type { OrderRecord, OrderStore } from '../orders/order-store';
import type { PushHub } from '../push/push-hub';
import type { PinConfirmation } from '../staff/pin-confirmation';
import type { RefundRequest, RefundStore } from './refund-store';
import { createOrderLock } from '../payments/order-lock';
import { callStripe, type RetryPolicy, type StripeCallResult } from '../payments/stripe-call';

export interface RefundDeps {
  stripe: Stripe;
  orders: OrderStore;
  refunds: RefundStore;
  audit: AuditLog;
  durability: Durability;
  confirm: PinConfirmation;
  push: PushHub;
  log: Logger;
  retry?: RetryPolicy;
}

const REFUSALS: Record<string, string> = {
  charge_disputed:
    'The customer has disputed this payment, and a disputed payment cannot be refunded. Answer the dispute in ' +
    'the Stripe Dashboard instead.',
  charge_already_refunded: 'Stripe says this payment is already refunded in full.',
};

/** What the owner can still refund on the order, in minor units: nothing of a chargeback's (#shared/disputes). */
export function refundableAmount(order: OrderRecord): number {
  if (order.paymentState !== 'paid' || !order.paymentIntentId || isChargeback(order.disputeStatus)) return 0;
  return Math.max(0, order.total - order.amountRefunded);
}

export function createRefundService(deps: RefundDeps) {
  const { stripe, orders, refunds, audit, durability, push, log } = deps;
  /** One refund at a time per order, so that the amount left to refund is true when the next one is checked. */
  const orderLock = createOrderLock('A refund for this order is already on its way to Stripe. Wait for its answer.');
  const withOrderLock = orderLock.run;

  const outcome = (request: RefundRequest, status: RefundOutcome['status'], message: string): RefundOutcome => ({
    orderId: request.orderId,
    status,
    message,
    amountRefunded: orders.get(request.orderId)?.amountRefunded ?? 0,
  });
  const changed = (orderId: string) => push.publish('orders.changed', { orderId });

  function send(request: RefundRequest, paymentIntentId: string): Promise<StripeCallResult<Stripe.Refund>> {
    return callStripe(
      () =>
        stripe.refunds.create(
          {
            payment_intent: paymentIntentId,
            amount: request.amount,
            reason: request.reason as Stripe.RefundCreateParams.Reason,
            metadata: { till_order_id: request.orderId, till_refund_id: request.id },
          },
          { idempotencyKey: request.idempotencyKey, maxNetworkRetries: 0 },
        ),
      deps.retry,
    );
  }

  /** Stripe's answer, on the refund's row and the order's refunded total. Stripe can give it back: deferred. */
  function recordAnswer(request: RefundRequest, refund: Stripe.Refund): RefundOutcome {
    durability.deferred(() =>
      orders.transaction(() => {
        const total = refunds.record(request.orderId, {
          id: refund.id,
          amount: refund.amount,
          currency: refund.currency,
          status: refund.status,
          reason: refund.reason,
          tillRefundId: request.id,
        });
        orders.setAmountRefunded(request.orderId, total, { onlyUp: false });
      }),
    );
    changed(request.orderId);
    const amount = formatMoney(refund.amount, request.currency);
    switch (refund.status) {
      case 'succeeded':
        return outcome(request, 'succeeded', `Refunded ${amount}. It reaches the card in 5 to 10 business days.`);
      case 'failed':
      case 'canceled':
        return outcome(request, 'failed', `The card's bank refused the refund of ${amount}. Nothing was refunded.`);
      default:
        return outcome(
          request,
          'pending',
          `Stripe accepted the refund of ${amount}; the card's bank is still processing it. The history shows when it settles.`,
        );
    }
  }

  function recordFailure(
    request: RefundRequest,
    call: Exclude<StripeCallResult<Stripe.Refund>, { kind: 'answered' }>,
    actor: AuditActor,
  ) {
    if (call.kind === 'unknown') {
      log.warn({ orderId: request.orderId, err: call.error }, 'refund outcome unknown; kept for reconciliation');
      return outcome(
        request,
        'unknown',
        'Stripe did not answer in time, so Till cannot tell yet whether the refund went through. Do not refund ' +
          'again: Till checks with Stripe and finishes this one.',
      );
    }
    const message =
      call.kind === 'unreachable'
        ? 'Stripe could not be reached, so nothing was refunded. Check the internet connection and try again.'
        : call.error.type === 'StripeRateLimitError'
          ? 'Stripe is busy right now. Nothing was refunded. Try again in a moment.'
          : (REFUSALS[call.error.code ?? ''] ??
            `Stripe refused the refund: ${call.error.message ?? 'no reason given'} Nothing was refunded.`);
    orders.transaction(() => {
      orders.setAmountRefunded(request.orderId, refunds.refused(request, message), { onlyUp: false });
      audit.record(actor, 'refund.refused', request.orderId, {
        code: call.kind === 'error' ? call.error.code : null,
      });
    });
    log.warn({ orderId: request.orderId, kind: call.kind }, 'a refund was not made');
    changed(request.orderId);
    return outcome(request, 'failed', message);
  }

  /** Asks Stripe for the refund (under its key) and records whatever came back. */
  /** `actor`: who asked (a refund being given now), or Till (one reconciliation sends again). */
  async function sendAndRecord(
    request: RefundRequest,
    paymentIntentId: string,
    actor: AuditActor,
  ): Promise<RefundOutcome> {
    const call = await send(request, paymentIntentId);
    return call.kind === 'answered' ? recordAnswer(request, call.value) : recordFailure(request, call, actor);
  }

  /** The order, when `input` may be refunded from it now; refused otherwise. */
  function refusable(input: ParsedInput<'orders.refund'>) {
    const order = orders.get(input.orderId);
    if (!order) throw notFound('No such order.');
    const left = refundableAmount(order);
    if (left === 0) {
      throw conflict(
        order.paymentState !== 'paid'
          ? 'Only a paid order can be refunded.'
          : isChargeback(order.disputeStatus)
            ? REFUSALS.charge_disputed!
            : 'This order is already refunded in full.',
      );
    }
    if (input.amount > left) {
      throw invalidInput(`At most ${formatMoney(left, order.currency)} is left to refund on this order.`, 'amount');
    }
    return order;
  }

  return {
    async refund(input: ParsedInput<'orders.refund'>, caller: Caller): Promise<RefundOutcome> {
      // An amount beyond what is left is refused before the PIN is asked for (a bad input is refused the same way,
      // whatever the PIN), and again under the order's lock: another refund may have been given meanwhile.
      refusable(input);
      await deps.confirm.require(caller, input.pin);
      return withOrderLock(input.orderId, async () => {
        const order = refusable(input);
        // On the disk before Stripe is called, like a payment's attempt: the refund, its key, and the audit entry.
        const request = orders.transaction(() => {
          const written = refunds.begin(
            {
              id: timeOrderedId(),
              orderId: order.id,
              amount: input.amount,
              currency: order.currency,
              reason: input.reason,
              note: input.note,
            },
            caller.staff!.id,
          );
          // What was refunded before (also by refunds known only from a charge.refunded event so far) plus this one.
          const total = Math.max(refunds.refunded(order.id), order.amountRefunded + input.amount);
          orders.setAmountRefunded(order.id, total, { onlyUp: false });
          audit.record(caller, 'refund.requested', order.id, { amount: input.amount, reason: input.reason });
          return written;
        });
        changed(order.id);
        return sendAndRecord(request, order.paymentIntentId!, caller);
      });
    },

    /**
     * Reconciliation: refunds Till asked for whose answer never came. Stripe's list of the payment's refunds says
     * whether each was made (even after Stripe has forgotten its idempotency key); one that was not is sent again
     * under its key.
     */
    async settleUnanswered(): Promise<{ settled: number; stillUnknown: number }> {
      const report = { settled: 0, stillUnknown: 0 };
      for (const request of refunds.unanswered()) {
        const paymentIntentId = orders.get(request.orderId)?.paymentIntentId;
        if (!paymentIntentId || orderLock.isBusy(request.orderId)) continue;
        const result = await withOrderLock(request.orderId, async () => {
          const listed = await callStripe(
            () =>
              stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 }).autoPagingToArray({ limit: 1000 }),
            deps.retry,
          );
          if (listed.kind !== 'answered') return null;
          const made = listed.value.find((refund) => refund.metadata?.till_refund_id === request.id);
          if (made) return recordAnswer(request, made);
          return sendAndRecord(request, paymentIntentId, 'system');
        });
        if (!result || result.status === 'unknown') report.stillUnknown++;
        else report.settled++;
      }
      return report;
    },
  };
}
export type RefundService = ReturnType<typeof createRefundService>;
