import type { PaymentOutcome, ReceiptData, ReceiptShop } from '#shared/contract';
import type { OrderRecord, OrderStore } from '../orders/order-store';
import type { AttemptStore } from './attempt-store';

/** What a receipt needs to know about the shop, read when the receipt is made (set-up may have just written it). */
export type ShopForReceipt = () => ReceiptShop;

/**
 * The customer's copy of an order: the shop as set-up described it, the lines, each tax on its own line, and the
 * card (brand and last 4). Not the PaymentIntent id: that is the shop's business, shown in the history's detail.
 */
export function receiptOf(
  order: OrderRecord,
  attempts: Pick<AttemptStore, 'card'>,
  shop: ShopForReceipt,
  refunds: ReceiptData['refunds'] = [],
): ReceiptData {
  return {
    shop: shop(),
    id: order.id,
    number: order.number,
    currency: order.currency,
    lines: order.lines,
    subtotal: order.subtotal,
    taxes: order.taxes,
    total: order.total,
    amountRefunded: order.amountRefunded,
    refunds,
    customerName: order.customerName,
    card: attempts.card(order.id),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    clerk: order.staffName,
  };
}

/**
 * The receipt of an order whose payment's result was just written, without reading the order again: `order` as the
 * payment read or wrote it before calling Stripe — its lines, totals and caller change only under the order's lock,
 * which the payment holds — with what may have moved since (`since`, read back in the result's transaction), and
 * the card this attempt was charged on (the latest succeeded attempt, which the log's card look-up would find too),
 * or, when Stripe's answer named none, the log's.
 */
export function receiptAfterPayment(
  order: OrderRecord,
  since: Pick<OrderRecord, 'paidAt' | 'amountRefunded' | 'staffName'>,
  charged: { brand: string; last4: string } | null,
  attempts: Pick<AttemptStore, 'card'>,
  shop: ShopForReceipt,
): ReceiptData {
  return receiptOf({ ...order, ...since }, { card: (id) => charged ?? attempts.card(id) }, shop);
}

/**
 * Adds the receipt to a paid outcome, read from the order log after the result was written, so the checkout page
 * shows it from the answer to Pay (or to the check after 3D Secure) instead of asking main a second time. An
 * outcome that already carries it (made by receiptAfterPayment as the result was written) is passed on as it is.
 */
export function withPaidReceipt(
  outcome: PaymentOutcome,
  orders: Pick<OrderStore, 'get'>,
  attempts: Pick<AttemptStore, 'card'>,
  shop: ShopForReceipt,
): PaymentOutcome {
  if (outcome.status !== 'paid') return { ...outcome, receipt: null };
  if (outcome.receipt) return outcome;
  const order = orders.get(outcome.orderId);
  if (!order) return { ...outcome, receipt: null };
  return { ...outcome, receipt: receiptOf(order, attempts, shop) };
}
