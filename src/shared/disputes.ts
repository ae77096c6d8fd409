/**
 * Stripe's dispute statuses, as Till says them. An inquiry (a status starting with warning_) asks questions and holds
 * no money; any other dispute is a chargeback.
 */

/**
 * A chargeback holds the payment: Stripe refuses to refund it (charge_disputed), won or lost. An inquiry's payment
 * can still be refunded.
 */
export const isChargeback = (disputeStatus: string | null): boolean =>
  disputeStatus !== null && !disputeStatus.startsWith('warning_');

const DISPUTE_WORDS: Record<string, string> = {
  warning_needs_response: 'Inquiry: needs response',
  warning_under_review: 'Inquiry: under review',
  warning_closed: 'Inquiry: closed',
  needs_response: 'Needs response',
  under_review: 'Under review',
  won: 'Won',
  lost: 'Lost',
};

/** A status Stripe adds later is written as it comes, its underscores as spaces, rather than dropped. */
export const disputeWords = (disputeStatus: string): string =>
  DISPUTE_WORDS[disputeStatus] ?? disputeStatus.replaceAll('_', ' ');
