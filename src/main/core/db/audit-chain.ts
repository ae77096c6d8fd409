/**
 * Tamper evidence for the audit log: each row stores SHA-256(previous row's hash + this row's fields), so changing,
 * deleting or inserting a row by editing the file breaks every hash after it. It is evidence, not prevention: someone
 * with the file can rewrite the whole chain, but not without leaving the rest of the order log disagreeing, and not
 * without Till's code. Changing this function changes every hash: never do, or add a version to the rows first.
 */
import { hash } from 'node:crypto';

export interface ChainedAuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  order_id: string | null;
  details: string;
  window: string | null;
}

/** The hash before the first row. */
export const CHAIN_START = '0'.repeat(64);

export function auditRowHash(previousHash: string, row: ChainedAuditRow): string {
  const fields = [row.id, row.at, row.actor, row.action, row.order_id, row.details, row.window];
  // One-shot hash() over the two strings joined: the same bytes as updating a Hash object with each in turn (the
  // previous hash is ASCII hex), hence the same digest, without making a Hash object per audit entry.
  return hash('sha256', previousHash + JSON.stringify(fields), 'hex');
}
