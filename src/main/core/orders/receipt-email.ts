/**
 * E-mailing a paid order's receipt again. Till sends no e-mail itself: Stripe sends its receipt when `receipt_email`
 * is set on a payment that succeeded (and sends refund receipts to it from then on), so the customer gets the
 * receipt from the same place as the first one, with Stripe's own record of it.
 */
import type Stripe from 'stripe';
import type { AuditActor, AuditLog } from '../db/audit-log';
import { conflict, notFound } from '../errors';
import type { Logger } from '../log';
import { callStripe, type RetryPolicy } from '../payments/stripe-call';
import type { OrderStore } from './order-store';

export function createReceiptEmail(deps: {
  stripe: Stripe;
  orders: OrderStore;
  audit: AuditLog;
  log: Logger;
  retry?: RetryPolicy;
}) {
  return {
    async send(orderId: string, email: string, actor: AuditActor): Promise<{ message: string }> {
      const order = deps.orders.get(orderId);
      if (!order) throw notFound('No such order.');
      if (order.paymentState !== 'paid' || !order.paymentIntentId) {
        throw conflict('Only a paid order has a receipt to send.');
      }
      const call = await callStripe(
        () => deps.stripe.paymentIntents.update(order.paymentIntentId!, { receipt_email: email }),
        deps.retry,
      );
      if (call.kind !== 'answered') {
        deps.log.warn({ orderId, kind: call.kind }, 'receipt e-mail not sent');
        throw conflict(
          call.kind === 'error'
            ? `Stripe did not send the receipt: ${call.error.message ?? 'no reason given'}`
            : 'Stripe could not be reached, so the receipt was not sent. Try again in a moment.',
        );
      }
      // The address is the customer's: the audit log says that a receipt went out, not where.
      deps.audit.record(actor, 'receipt.sent', orderId, {});
      return { message: `Stripe is e-mailing the receipt for order #${order.number} to ${email}.` };
    },
  };
}
export type ReceiptEmail = ReturnType<typeof createReceiptEmail>;
