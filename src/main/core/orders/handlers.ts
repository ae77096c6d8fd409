/**
 * The order history: a page of orders, one order with its timeline, the CSV export, a receipt as a PDF and a
 * disputed order's evidence as a PDF.
 */
import type { TillShell } from '../app/till-shell';
import { notFound, paymentsNotSetUp } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { AttemptStore } from '../payments/attempt-store';
import type { LinkQueries } from '../payments/link-state';
import { receiptOf, type ShopForReceipt } from '../payments/paid-receipt';
import { refundableAmount } from '../refunds/refund-service';
import type { DisputeEvidence } from './dispute-evidence';
import { disputeEvidencePdf } from './dispute-evidence-pdf';
import type { OrderStore } from './order-store';
import type { OrderTimelineQueries } from './order-timeline-queries';
import type { OrdersExports } from './orders-export';
import type { OrdersQueries } from './orders-queries';
import type { ReceiptEmail } from './receipt-email';

export interface OrdersDeps {
  orders: OrderStore;
  queries: OrdersQueries;
  attempts: AttemptStore;
  timeline: OrderTimelineQueries;
  links: LinkQueries;
  shell: TillShell;
  /** Refunds need Stripe: without a connection nothing is refundable. */
  refundsAvailable: boolean;
  /** For the reprint's receipt. */
  shop: ShopForReceipt;
  /** Stripe e-mails the receipt again; null without Stripe. */
  receiptEmail: ReceiptEmail | null;
  /** Reads the card checks and the dispute from Stripe; null without Stripe. */
  disputeEvidence: DisputeEvidence | null;
  /** The streamed CSV exports, with their progress and cancel. */
  exports: OrdersExports;
}

export function ordersHandlers(deps: OrdersDeps) {
  const { orders, queries, attempts, timeline, shell, refundsAvailable } = deps;
  const order = (orderId: string) => {
    const found = orders.get(orderId);
    if (!found) throw notFound('No such order.');
    return found;
  };
  return defineHandlers({
    'orders.list': (input) => queries.list(input),
    'orders.totals': (filter) => queries.summary(filter),
    'orders.get': ({ orderId }) => {
      const found = order(orderId);
      return {
        ...found,
        card: attempts.card(orderId),
        refundable: refundsAvailable ? refundableAmount(found) : 0,
        link: deps.links.latest(orderId),
        timeline: timeline.of(orderId),
        receipt: receiptOf(found, attempts, deps.shop, queries.refundsOf(orderId)),
      };
    },
    'orders.exportCsv': (input, caller) => deps.exports.save('orders', input, caller),
    'orders.exportLines': (input, caller) => deps.exports.save('lines', input, caller),
    'orders.cancelExport': ({ exportId }, caller) => ({ canceled: deps.exports.cancel(exportId, caller) }),
    'receipt.savePdf': ({ orderId }) => shell.saveReceiptPdf(order(orderId)),
    'orders.sendReceipt': ({ orderId, email }, caller) => {
      if (!deps.receiptEmail) throw paymentsNotSetUp();
      return deps.receiptEmail.send(orderId, email, caller);
    },
    'orders.disputeEvidence': async ({ orderId }, caller) => {
      if (!deps.disputeEvidence) throw paymentsNotSetUp();
      const facts = await deps.disputeEvidence.facts(orderId);
      const fileName = `Till-dispute-evidence-order-${facts.order.number}.pdf`;
      const saved = await shell.savePdf(
        { title: 'Save the dispute evidence', defaultName: fileName, kind: { name: 'PDF', extensions: ['pdf'] } },
        await disputeEvidencePdf(facts),
      );
      if (saved.path || saved.pdfBase64) deps.disputeEvidence.saved(caller, orderId);
      return { ...saved, fileName };
    },
  });
}
