/**
 * An order's state is three facts that each only move forward — the payment's state, the amount refunded, the
 * dispute's state — and the status shown to people is derived from them. Because every update is "keep the later
 * of the two", Stripe events may arrive twice, late or shuffled and the order still ends where Stripe says: a late
 * `payment_intent.payment_failed` can never undo `paid`.
 */
import type { OrderStatus } from '#shared/contract';

export type PaymentState = 'open' | 'processing' | 'requires_action' | 'failed' | 'needs_review' | 'canceled' | 'paid';

/** Settled states outrank unsettled ones; among unsettled ones the most recent wins. */
const PAYMENT_RANK: Record<PaymentState, number> = {
  open: 0,
  processing: 1,
  requires_action: 1,
  failed: 1,
  needs_review: 1,
  canceled: 2,
  paid: 3,
};

/** Whether `next` (observed at `nextAt`, ms) should replace `current` (observed at `currentAt`). */
export function paymentStateAdvances(
  current: PaymentState,
  currentAt: number,
  next: PaymentState,
  nextAt: number,
): boolean {
  if (current === next) return false;
  const from = PAYMENT_RANK[current];
  const to = PAYMENT_RANK[next];
  if (to !== from) return to > from;
  // Between unsettled states the newer observation wins. Stripe stamps events in whole seconds, so an event from
  // the same second as Till's own write counts as newer: it can only be about what happened after Till wrote.
  if (to === 1) return Math.floor(nextAt / 1000) >= Math.floor(currentAt / 1000);
  return false;
}

const DISPUTE_RANK: Record<string, number> = {
  warning_needs_response: 1,
  needs_response: 1,
  warning_under_review: 2,
  under_review: 2,
  warning_closed: 3,
  won: 3,
  lost: 3,
};

export function disputeAdvances(current: string | null, next: string): boolean {
  if (current === next) return false;
  return (DISPUTE_RANK[next] ?? 0) > (current ? (DISPUTE_RANK[current] ?? 0) : 0);
}

const OPEN_DISPUTE = new Set(['warning_needs_response', 'needs_response', 'warning_under_review', 'under_review']);

export function deriveStatus(facts: {
  paymentState: PaymentState;
  total: number;
  amountRefunded: number;
  disputeStatus: string | null;
}): OrderStatus {
  if (facts.disputeStatus && (OPEN_DISPUTE.has(facts.disputeStatus) || facts.disputeStatus === 'lost')) {
    return 'disputed';
  }
  if (facts.paymentState === 'paid') {
    if (facts.amountRefunded >= facts.total && facts.total > 0) return 'refunded';
    if (facts.amountRefunded > 0) return 'partially_refunded';
    return 'paid';
  }
  return facts.paymentState;
}
