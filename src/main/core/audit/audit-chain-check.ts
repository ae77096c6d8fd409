/**
 * Checks the audit log's hash chain (db/audit-chain.ts) from the first row to the last, a batch at a time between
 * other work, so a log of millions of rows does not hold up start-up; the owner's audit window shows the result and
 * warns where the chain first breaks (a row changed, inserted or deleted outside Till).
 */
import type { AuditChainStatus } from '#shared/contract';
import { auditRowHash, CHAIN_START, type ChainedAuditRow } from '../db/audit-chain';
import type { Db } from '../db/open';

const BATCH = 5_000;

export function createAuditChainCheck(db: Db, onBroken: (status: AuditChainStatus) => void = () => {}) {
  const batch = db.prepare<[number], ChainedAuditRow & { hash: string | null }>(
    `SELECT id, at, actor, action, order_id, details, window, hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ${BATCH}`,
  );
  let status: AuditChainStatus = { state: 'checking', checkedRows: 0, brokenAt: null };
  let previous = CHAIN_START;
  let lastId = 0;

  /** Checks one batch; false when the chain is decided (intact to the end, or broken). */
  const step = (): boolean => {
    const rows = batch.all(lastId);
    for (const row of rows) {
      // A row changed, inserted or deleted changes what the next row's hash must be.
      const expected = auditRowHash(previous, row);
      if (row.hash !== expected) {
        status = { state: 'broken', checkedRows: status.checkedRows, brokenAt: { id: row.id, at: row.at } };
        onBroken(status);
        return false;
      }
      previous = expected;
      lastId = row.id;
      status = { ...status, checkedRows: status.checkedRows + 1 };
    }
    if (rows.length < BATCH) {
      status = { ...status, state: 'intact' };
      return false;
    }
    return true;
  };

  return {
    status: (): AuditChainStatus => status,
    /** Runs to the end of the log as it is now, yielding to other work between batches. */
    async run(): Promise<AuditChainStatus> {
      while (step()) await new Promise((resolve) => setImmediate(resolve));
      return status;
    },
    /** New rows were written by Till itself: a finished check goes on from where it stopped. */
    async recheck(): Promise<AuditChainStatus> {
      if (status.state === 'intact') status = { ...status, state: 'checking' };
      if (status.state === 'checking') return this.run();
      return status;
    },
  };
}
export type AuditChainCheck = ReturnType<typeof createAuditChainCheck>;
