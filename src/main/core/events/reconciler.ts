/**
 * Keeps the order log and Stripe in agreement, at start-up and every few minutes:
 *  1. payments whose outcome Till does not know (the app stopped, or Stripe did not answer) are asked about
 *     again — by the PaymentIntent when Till has its id, otherwise by resending the recorded request under its
 *     original idempotency key, which Stripe answers with the first result instead of charging again;
 *  2. PaymentIntents that carry Till's metadata but have no order in the log (the log lost a write) are restored
 *     into the log and flagged for the owner;
 *  3. refunds the owner gave whose answer never came are looked up in Stripe, and sent again only if Stripe has
 *     none (payments/refund-service.ts);
 *  4. payment links: those written but never answered are sent again under their key, and sessions Stripe has for
 *     an order the log has no row for are written back (payments/pay-by-link.ts, payments/link-restore.ts).
 */
import type Stripe from 'stripe';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { OrderStore } from '../orders/order-store';
import type { AttemptStore } from '../payments/attempt-store';
import type { CheckoutService } from '../payments/checkout-service';
import { interpretIntent } from '../payments/intent-outcome';
import type { RefundService } from '../refunds/refund-service';
import { callStripe, type RetryPolicy } from '../payments/stripe-call';
import type { LinkRestore } from '../payments/link-restore';
import type { PayByLink } from '../payments/pay-by-link';

/** Stripe may forget idempotency keys after 24 hours; past that, a resend could charge again. */
const IDEMPOTENCY_WINDOW_MS = 23 * 60 * 60 * 1000;
/** How far back to look for PaymentIntents the log does not know. */
const ORPHAN_LOOKBACK_S = 7 * 24 * 60 * 60;

export interface ReconcileReport {
  checked: number;
  settled: number;
  stillUnknown: number;
  restored: number;
  /** Refunds whose answer had not come, now recorded (made, or refused by Stripe). */
  refundsSettled: number;
  /** Payment links written but never answered, now made (under their own key) or refused. */
  linksSettled: number;
  /** Sessions Stripe had for an order whose link the log lost, written back. */
  linksRestored: number;
}

export function createReconciler(deps: {
  stripe: Stripe;
  db: Db;
  orders: OrderStore;
  attempts: AttemptStore;
  checkout: CheckoutService;
  refunds: RefundService;
  /** Payment links whose answer never came (pay-by-link). */
  links?: Pick<PayByLink, 'settleUnanswered'> | null;
  /** Sessions Stripe has that the log lost (payments/link-restore.ts). */
  linkRestore?: LinkRestore | null;
  log: Logger;
  retry?: RetryPolicy;
  now?: () => number;
  /**
   * After a restore from an older backup, the second (Unix time) to look back to for PaymentIntents the log does
   * not know, when that is further back than the usual week; null otherwise.
   */
  orphansSince?: () => number | null;
}) {
  const { stripe, db, orders, attempts, checkout, log } = deps;
  const now = deps.now ?? Date.now;
  const unsettledOrders = db.prepare<[], { id: string }>(
    "SELECT id FROM orders WHERE payment_state IN ('processing', 'requires_action') ORDER BY created_at",
  );
  const knownOrder = db.prepare<[string], number>('SELECT 1 FROM orders WHERE id = ?').pluck();

  async function settleUnknown(report: ReconcileReport) {
    const ids = new Set([...attempts.unsettled().map((a) => a.orderId), ...unsettledOrders.all().map((o) => o.id)]);
    for (const orderId of ids) {
      report.checked++;
      const order = orders.get(orderId)!;
      const attempt = attempts.latest(orderId);
      const tooOldToResend = attempt && !order.paymentIntentId && now() - attempt.createdAt > IDEMPOTENCY_WINDOW_MS;
      if (tooOldToResend) continue; // left to the orphan scan below, which finds the intent if it exists
      try {
        const outcome = await checkout.refresh(orderId);
        if (outcome.status === 'unknown') report.stillUnknown++;
        else report.settled++;
      } catch (error) {
        report.stillUnknown++;
        log.warn({ orderId, err: error }, 'reconciliation could not settle an order yet');
      }
    }
  }

  async function restoreOrphans(report: ReconcileReport) {
    const since = Math.min(Math.floor(now() / 1000) - ORPHAN_LOOKBACK_S, deps.orphansSince?.() ?? Infinity);
    const call = await callStripe(async () => {
      const found: Stripe.PaymentIntent[] = [];
      for await (const intent of stripe.paymentIntents.list({ created: { gte: since }, limit: 100 })) {
        if (intent.metadata?.till_order_id && !knownOrder.get(intent.metadata.till_order_id)) found.push(intent);
      }
      return found;
    }, deps.retry);
    if (call.kind !== 'answered') {
      log.warn({ kind: call.kind }, 'reconciliation could not list PaymentIntents');
      return;
    }
    for (const intent of call.value) {
      const number = Number(intent.metadata.till_order_number);
      orders.restore({
        id: intent.metadata.till_order_id!,
        number: Number.isSafeInteger(number) && number > 0 ? number : null,
        currency: intent.currency,
        amount: intent.amount,
        paymentIntentId: intent.id,
        paymentState: interpretIntent(intent).order.paymentState,
        createdAt: intent.created * 1000,
        reason:
          'Restored from Stripe: Till stopped before recording this order. The amount is from Stripe; ' +
          'check the items with the clerk who took it.',
      });
      report.restored++;
      log.warn({ paymentIntentId: intent.id }, 'order restored from Stripe');
    }
  }

  let running: Promise<ReconcileReport> | null = null;
  return {
    /** One full pass; concurrent calls share the pass under way. */
    run(): Promise<ReconcileReport> {
      running ??= (async () => {
        const report: ReconcileReport = {
          checked: 0,
          settled: 0,
          stillUnknown: 0,
          restored: 0,
          refundsSettled: 0,
          linksSettled: 0,
          linksRestored: 0,
        };
        try {
          await settleUnknown(report);
          await restoreOrphans(report);
          const refunds = await deps.refunds.settleUnanswered();
          report.refundsSettled = refunds.settled;
          report.linksSettled = (await deps.links?.settleUnanswered()) ?? 0;
          report.linksRestored = (await deps.linkRestore?.restoreLost()) ?? 0;
          report.stillUnknown += refunds.stillUnknown;
          return report;
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}
export type Reconciler = ReturnType<typeof createReconciler>;
