/**
 * When the order log's writes reach the disk.
 *
 * The connection runs at `synchronous = FULL`: a commit returns once it is on the disk (one flush: ≈0.3–0.5 ms on an
 * SSD, several ms on a busy or spinning disk). Writes whose content Stripe can always give back need not wait for
 * it: `deferred(write)` commits them at `synchronous = NORMAL`. Such a commit is in the operating system when it
 * returns (it survives the process being killed at any instant) and reaches the disk with the next FULL commit or
 * checkpoint; a power cut may roll it back, never corrupt the log. Used for:
 *  - a page of Stripe events (fetched again after a power cut: the poller saves its cursor afterwards, at FULL);
 *  - a payment's result (a power cut leaves its attempt pending, reconciliation sends the request again under the
 *    same idempotency key, and Stripe answers the same again).
 * Never for what only Till knows: the order and its pending attempt are on the disk before Stripe is called.
 */
import type { Db } from './open';

export interface Durability {
  /** Runs `write` (synchronous, usually one transaction) with commits that do not wait for the disk. */
  deferred<T>(write: () => T): T;
}

/** `afterWrite` hears of every deferred write (the checkpointer, so that the WAL it grows is copied back soon). */
export function createDurability(db: Db, afterWrite: () => void = () => {}): Durability {
  return {
    deferred<T>(write: () => T): T {
      // Inside a transaction the outer one decides (and SQLite would not change the setting mid-transaction anyway).
      if (db.inTransaction) return write();
      // exec, not db.pragma(): the same statement, compiled and run, without pragma()'s result handling, which cost
      // ≈50 µs a call (two per payment). Not a prepared statement: SQLite applies this pragma when it compiles one.
      db.exec('PRAGMA synchronous = NORMAL');
      try {
        return write();
      } finally {
        db.exec('PRAGMA synchronous = FULL');
        afterWrite();
      }
    },
  };
}
