/**
 * The audit log records who did what, from which window, to which order if any: each staff member's actions, and
 * what Till or Stripe did on their own. Never card data, PINs or secrets, and never what someone searched for.
 *
 * `record` is synchronous on the shared connection, so a call made inside a transaction (an order's creation, a
 * refund's request) commits or rolls back with it. Each row carries the hash chain of db/audit-chain.ts.
 */
import type { Caller } from '../ipc/caller';
import { auditRowHash, CHAIN_START } from './audit-chain';
import { joiningTransaction } from './joining-transaction';
import type { Db } from './open';

/** Who acted: the caller (its signed-in staff member and window), Till itself, or Stripe (its events). */
export type AuditActor = Caller | 'system' | 'stripe';

/** The staff member behind an action, if a person did it. */
export const staffIdOf = (actor: AuditActor): string | null =>
  typeof actor === 'object' ? (actor.staff?.id ?? null) : null;

const actorColumns = (actor: AuditActor) =>
  typeof actor === 'string'
    ? { actor, window: null }
    : { actor: actor.staff?.id ?? 'nobody', window: actor.window === 'unknown' ? null : actor.window };

export function createAuditLog(db: Db, now: () => number = Date.now) {
  const last = db.prepare<[], { id: number; hash: string | null }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
  );
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor, action, order_id, details, window, hash)
     VALUES (@id, @at, @actor, @action, @order_id, @details, @window, @hash)`,
  );
  // Inside a caller's transaction (an order's creation, a payment's result) the read of the last hash and the
  // insert are already one: the entry's only write is one INSERT (joining-transaction.ts).
  const append = joiningTransaction(db, (row: Omit<Parameters<typeof auditRowHash>[1], 'id'>) => {
    const previous = last.get();
    const id = (previous?.id ?? 0) + 1;
    const chained = { ...row, id };
    insert.run({ ...chained, hash: auditRowHash(previous?.hash ?? CHAIN_START, chained) });
  });
  return {
    record(by: AuditActor, action: string, orderId: string | null, details: object = {}): void {
      append({ at: now(), ...actorColumns(by), action, order_id: orderId, details: JSON.stringify(details) });
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
