/**
 * The audit log records who did what, to which order if any: the owner's and the clerk's actions, and what Till or
 * Stripe did on their own. Never card data, PINs or secrets, and never what the owner searched for.
 *
 * `record` is one synchronous insert on the shared connection, so a call made inside a transaction (an order's
 * creation, a refund's request) commits or rolls back with it.
 */
import type { Db } from './open';

/** Who acted: the owner (PIN-protected actions), the clerk at the till, Till itself, or Stripe (its events). */
export type AuditActor = 'owner' | 'clerk' | 'system' | 'stripe';

export function createAuditLog(db: Db, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, order_id, details) VALUES (?, ?, ?, ?, ?)');
  return {
    record(actor: AuditActor, action: string, orderId: string | null, details: object = {}): void {
      insert.run(now(), actor, action, orderId, JSON.stringify(details));
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
