import type { PaymentOutcome, ReceiptData } from '#shared/contract';
import type { OrderStore } from '../orders/order-store';
import type { AttemptStore } from './attempt-store';

/**
 * Adds the receipt to a paid outcome, read from the order log after the result was written, so the checkout page
 * shows it from the answer to Pay (or to the check after 3D Secure) instead of asking main a second time.
 */
export function withPaidReceipt(
  outcome: PaymentOutcome,
  orders: Pick<OrderStore, 'get'>,
  attempts: Pick<AttemptStore, 'card'>,
): PaymentOutcome {
  if (outcome.status !== 'paid') return { ...outcome, receipt: null };
  const order = orders.get(outcome.orderId);
  if (!order) return { ...outcome, receipt: null };
  const receipt: ReceiptData = {
    id: order.id,
    number: order.number,
    currency: order.currency,
    lines: order.lines,
    subtotal: order.subtotal,
    taxes: order.taxes,
    total: order.total,
    amountRefunded: order.amountRefunded,
    customerName: order.customerName,
    paymentIntentId: order.paymentIntentId,
    card: attempts.card(order.id),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
  };
  return { ...outcome, receipt };
}
