/**
 * Refunds, whichever side started them:
 *  - the owner, from the history: Till writes the refund (status 'unknown': asked, no answer yet) with its
 *    idempotency key BEFORE calling Stripe, and its id in the refund's metadata (`till_refund_id`), then records
 *    Stripe's answer on that row;
 *  - Stripe (the Dashboard, the API): known from refund events only.
 * An event about a refund Till asked for finds Till's row by that metadata, so a refund is one row however its
 * answer and its events interleave. A refund's status only moves forward — pending → succeeded → failed is possible
 * for some cards — and the order's refunded amount is the sum of its refunds that have not failed, so shuffled or
 * repeated events add up to the same total. A refund still waiting for its answer counts: it is on its way, and
 * counting it is what keeps a second refund from going past what was paid.
 */
import type { Db } from '../db/open';

const RANK: Record<string, number> = {
  pending: 0,
  requires_action: 0,
  unknown: 0,
  succeeded: 1,
  failed: 2,
  canceled: 2,
};
const toLocalStatus = (status: string | null) =>
  status === 'requires_action'
    ? 'pending'
    : ['pending', 'succeeded', 'failed', 'canceled'].includes(status ?? '')
      ? status!
      : 'unknown';
const movesForward = (from: string, to: string) => (RANK[to] ?? 0) > (RANK[from] ?? 0);

export interface StripeRefundFacts {
  id: string;
  amount: number;
  currency: string;
  status: string | null;
  reason: string | null;
  /** Till's own refund id, when Till asked for this refund (the refund's `metadata.till_refund_id`). */
  tillRefundId?: string | null;
}

/** A refund Till asked Stripe for, as written before the call. */
export interface RefundRequest {
  id: string;
  orderId: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  reason: string;
  note: string;
  createdAt: number;
}

interface RefundRow {
  id: string;
  order_id: string;
  idempotency_key: string;
  amount: number;
  currency: string;
  reason: string;
  note: string;
  created_at: number;
}
const toRequest = (row: RefundRow): RefundRequest => ({
  id: row.id,
  orderId: row.order_id,
  idempotencyKey: row.idempotency_key,
  amount: row.amount,
  currency: row.currency,
  reason: row.reason,
  note: row.note,
  createdAt: row.created_at,
});

export function createRefundStore(db: Db, now: () => number = Date.now) {
  const byStripeId = db.prepare<[string], { id: string; status: string }>(
    'SELECT id, status FROM refunds WHERE stripe_refund_id = ?',
  );
  const byId = db.prepare<[string], { id: string; status: string; stripe_refund_id: string | null }>(
    'SELECT id, status, stripe_refund_id FROM refunds WHERE id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO refunds (id, order_id, stripe_refund_id, idempotency_key, amount, currency, reason, note, status,
                          staff_id, created_at, updated_at)
     VALUES (@id, @orderId, @stripeId, @key, @amount, @currency, @reason, @note, @status, @staffId, @now, @now)`,
  );
  const update = db.prepare('UPDATE refunds SET status = ?, updated_at = ? WHERE id = ?');
  const answer = db.prepare(
    'UPDATE refunds SET stripe_refund_id = ?, status = ?, updated_at = ? WHERE id = ? AND stripe_refund_id IS NULL',
  );
  const refuse = db.prepare(
    "UPDATE refunds SET status = 'failed', error_message = ?, updated_at = ? WHERE id = ? AND stripe_refund_id IS NULL",
  );
  const total = db.prepare<[string], { n: number; sum: number | null }>(
    "SELECT count(*) AS n, sum(CASE WHEN status IN ('failed', 'canceled') THEN 0 ELSE amount END) AS sum FROM refunds WHERE order_id = ?",
  );
  const unanswered = db.prepare<[], RefundRow>(
    `SELECT id, order_id, idempotency_key, amount, currency, reason, note, created_at FROM refunds
      WHERE status = 'unknown' AND stripe_refund_id IS NULL ORDER BY created_at`,
  );

  /** Moves Till's own row to what Stripe says, the first time Stripe's id is known or when the status advances. */
  function recordOnOwnRow(id: string, refund: StripeRefundFacts, status: string): boolean {
    const row = byId.get(id);
    if (!row) return false;
    if (!row.stripe_refund_id) answer.run(refund.id, status, now(), id);
    else if (movesForward(row.status, status)) update.run(status, now(), id);
    return true;
  }

  const store = {
    /** Writes a refund Till is about to ask Stripe for (status 'unknown' until Stripe answers). */
    begin(request: Omit<RefundRequest, 'idempotencyKey' | 'createdAt'>, staffId: string): RefundRequest {
      const written: RefundRequest = { ...request, idempotencyKey: `till-refund-${request.id}`, createdAt: now() };
      insert.run({
        id: written.id,
        orderId: written.orderId,
        stripeId: null,
        key: written.idempotencyKey,
        amount: written.amount,
        currency: written.currency,
        reason: written.reason,
        note: written.note,
        status: 'unknown',
        staffId,
        now: written.createdAt,
      });
      return written;
    },

    /** Records what Stripe says about one refund; returns the order's refunded total afterwards. */
    record(orderId: string, refund: StripeRefundFacts): number {
      const status = toLocalStatus(refund.status);
      const row = byStripeId.get(refund.id);
      if (row) {
        if (movesForward(row.status, status)) update.run(status, now(), row.id);
      } else if (!(refund.tillRefundId && recordOnOwnRow(refund.tillRefundId, refund, status))) {
        insert.run({
          id: `stripe:${refund.id}`,
          orderId,
          stripeId: refund.id,
          key: `stripe:${refund.id}`,
          amount: refund.amount,
          currency: refund.currency.toUpperCase(),
          reason: refund.reason ?? '',
          note: '',
          status,
          staffId: null,
          now: now(),
        });
      }
      return store.refunded(orderId);
    },

    /** Stripe refused the refund (or could not be reached): nothing was refunded. Returns the order's total. */
    refused(request: RefundRequest, message: string): number {
      refuse.run(message, now(), request.id);
      return store.refunded(request.orderId);
    },

    /** The order's refunded amount: every refund that has not failed or been canceled. */
    refunded(orderId: string): number {
      return total.get(orderId)?.sum ?? 0;
    },
    /** How many refunds the log knows for the order. */
    count(orderId: string): number {
      return total.get(orderId)?.n ?? 0;
    },
    /** Refunds Till asked for whose answer never came (Stripe did not answer, or Till stopped mid-call). */
    unanswered(): RefundRequest[] {
      return unanswered.all().map(toRequest);
    },
  };
  return store;
}
export type RefundStore = ReturnType<typeof createRefundStore>;
