/**
 * A disputed order's evidence, gathered for the PDF the owner uploads to Stripe: what Till's log knows (the order,
 * who took it and when, the customer, the timeline) and what only Stripe knows, asked for when the PDF is made —
 * the card checks and Radar's outcome on the charge (`latest_charge`, expanded), and the dispute itself.
 */
import type Stripe from 'stripe';
import type { AuditActor, AuditLog } from '../db/audit-log';
import { conflict, notFound, TillFailure } from '../errors';
import type { Logger } from '../log';
import { callStripe, type RetryPolicy, type StripeCallResult } from '../payments/stripe-call';
import type { ShopForReceipt } from '../payments/paid-receipt';
import type { DisputeEvidenceFacts } from './dispute-evidence-pdf';
import type { OrderStore } from './order-store';
import type { OrderTimelineQueries } from './order-timeline-queries';

export function createDisputeEvidence(deps: {
  stripe: Stripe;
  orders: OrderStore;
  timeline: OrderTimelineQueries;
  shop: ShopForReceipt;
  audit: AuditLog;
  log: Logger;
  retry?: RetryPolicy;
  now?: () => number;
}) {
  /** Stripe's answer, or a refusal the owner can act on: nothing is made from half the facts. */
  const answered = <T>(call: StripeCallResult<T>, orderId: string): T => {
    if (call.kind === 'answered') return call.value;
    deps.log.warn({ orderId, kind: call.kind }, 'dispute evidence: Stripe did not answer');
    if (call.kind === 'error') {
      throw conflict(`Stripe refused to show this payment: ${call.error.message ?? 'no reason given'}`);
    }
    throw new TillFailure({
      code: 'stripe_unreachable',
      message:
        'Stripe could not be reached, so the card checks for the evidence could not be read. ' +
        'Check the internet connection and try again.',
    });
  };

  return {
    async facts(orderId: string): Promise<DisputeEvidenceFacts> {
      const order = deps.orders.get(orderId);
      if (!order) throw notFound('No such order.');
      if (!order.disputeStatus || !order.paymentIntentId) {
        throw conflict(`Order #${order.number} is not disputed: there is no dispute to answer with evidence.`);
      }
      const intentId = order.paymentIntentId;
      const [intent, disputes] = await Promise.all([
        callStripe(() => deps.stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] }), deps.retry),
        callStripe(() => deps.stripe.disputes.list({ payment_intent: intentId, limit: 1 }), deps.retry),
      ]);
      const charge = answered(intent, orderId).latest_charge;
      const dispute = answered(disputes, orderId).data[0];
      if (!charge || typeof charge === 'string' || !dispute) {
        throw conflict(`Stripe shows no disputed charge for order #${order.number}, so there is nothing to answer.`);
      }
      const card = charge.payment_method_details?.card;
      const shop = deps.shop();
      return {
        shop: { name: shop.name, address: shop.address, phone: shop.phone },
        preparedAt: (deps.now ?? Date.now)(),
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        order: {
          number: order.number,
          createdAt: order.createdAt,
          staffName: order.staffName,
          currency: order.currency,
          lines: order.lines,
          subtotal: order.subtotal,
          taxes: order.taxes,
          total: order.total,
          note: order.note,
        },
        customer: { name: order.customerName, phone: order.customerPhone, email: order.customerEmail },
        payment: {
          paymentIntentId: intentId,
          cardBrand: card?.brand ?? null,
          cardLast4: card?.last4 ?? null,
          amount: charge.amount,
          currency: charge.currency.toUpperCase(),
          paidAt: order.paidAt,
        },
        checks: {
          cvc: card?.checks?.cvc_check ?? null,
          postalCode: card?.checks?.address_postal_code_check ?? null,
          addressLine1: card?.checks?.address_line1_check ?? null,
        },
        outcome: charge.outcome
          ? {
              networkStatus: charge.outcome.network_status,
              riskLevel: charge.outcome.risk_level ?? null,
              sellerMessage: charge.outcome.seller_message,
              type: charge.outcome.type,
            }
          : null,
        dispute: {
          reason: dispute.reason,
          amount: dispute.amount,
          currency: dispute.currency.toUpperCase(),
          status: dispute.status,
          respondBy: dispute.evidence_details?.due_by ? dispute.evidence_details.due_by * 1000 : null,
        },
        timeline: deps.timeline.of(orderId),
      };
    },
    /** The file left the app with the customer's details: audited like an export, without them. */
    saved(actor: AuditActor, orderId: string): void {
      deps.audit.record(actor, 'dispute.evidence_saved', orderId, {});
    },
  };
}
export type DisputeEvidence = ReturnType<typeof createDisputeEvidence>;
