/**
 * Refunds as Stripe reports them (refund.created / .updated / .failed). A refund's status only moves forward —
 * pending → succeeded → failed is possible for some cards — and the order's refunded amount is the sum of its
 * refunds that have not failed, so shuffled or repeated events add up to the same total.
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

export interface StripeRefundFacts {
  id: string;
  amount: number;
  currency: string;
  status: string | null;
  reason: string | null;
}

export function createRefundStore(db: Db, now: () => number = Date.now) {
  const existing = db.prepare<[string], { id: string; status: string }>(
    'SELECT id, status FROM refunds WHERE stripe_refund_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO refunds (id, order_id, stripe_refund_id, idempotency_key, amount, currency, reason, status,
                          created_at, updated_at)
     VALUES (@id, @orderId, @stripeId, @key, @amount, @currency, @reason, @status, @now, @now)`,
  );
  const update = db.prepare('UPDATE refunds SET status = ?, updated_at = ? WHERE id = ?');
  const total = db.prepare<[string], { n: number; sum: number | null }>(
    "SELECT count(*) AS n, sum(CASE WHEN status IN ('failed', 'canceled') THEN 0 ELSE amount END) AS sum FROM refunds WHERE order_id = ?",
  );

  return {
    /** Records what Stripe says about one refund; returns the order's refunded total afterwards. */
    record(orderId: string, refund: StripeRefundFacts): number {
      const status = toLocalStatus(refund.status);
      const row = existing.get(refund.id);
      if (!row) {
        insert.run({
          id: `stripe:${refund.id}`,
          orderId,
          stripeId: refund.id,
          key: `stripe:${refund.id}`,
          amount: refund.amount,
          currency: refund.currency.toUpperCase(),
          reason: refund.reason ?? '',
          status,
          now: now(),
        });
      } else if ((RANK[status] ?? 0) > (RANK[row.status] ?? 0)) {
        update.run(status, now(), row.id);
      }
      return total.get(orderId)?.sum ?? 0;
    },
    /** How many refunds the log knows for the order. */
    count(orderId: string): number {
      return total.get(orderId)?.n ?? 0;
    },
  };
}
export type RefundStore = ReturnType<typeof createRefundStore>;
