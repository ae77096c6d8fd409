/**
 * A write that is one transaction when called alone, and part of the caller's when called inside one.
 *
 * better-sqlite3 runs a transaction function called inside another as a savepoint, and a savepoint copies every page
 * it touches: ≈0.15–0.2 ms for a new order, ≈50 µs for an audit entry, on every payment. It only matters to a caller
 * that catches the write's failure and commits the rest, which none does: a failing statement undoes itself, and
 * the failure, let through, rolls back the caller's whole transaction.
 */
import type { Db } from './open';

export function joiningTransaction<Args extends unknown[], Result>(
  db: Db,
  write: (...args: Args) => Result,
): (...args: Args) => Result {
  const alone = db.transaction(write);
  return (...args) => (db.inTransaction ? write(...args) : alone(...args));
}
