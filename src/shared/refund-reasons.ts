import type { RefundReason } from './contract';

/** Stripe's refund reasons in the owner's words: the refund form offers them, the order's timeline shows them. */
export const REFUND_REASON_LABELS: Record<RefundReason, string> = {
  requested_by_customer: 'Customer asked',
  duplicate: 'Charged twice',
  fraudulent: 'Fraudulent payment',
};

/** A stored reason in words; a reason Stripe added after this was written stays readable. */
export const refundReasonLabel = (reason: string): string =>
  REFUND_REASON_LABELS[reason as RefundReason] ?? reason.replaceAll('_', ' ');
