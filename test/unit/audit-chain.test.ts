import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditRowHash, CHAIN_START } from '#core/db/audit-chain';
import { createAuditLog } from '#core/db/audit-log';
import { openDatabase } from '#core/db/open';
import { tempDir } from '../support/temp-dir';

describe("the audit log's hash chain", () => {
  const rows = [
    {
      id: 1,
      at: 1_767_225_600_000,
      actor: 'system',
      action: 'order.created',
      order_id: 'order-1',
      details: '{"total":6648,"currency":"CAD"}',
      window: null,
    },
    {
      id: 2,
      at: 1_767_225_600_001,
      actor: 'staff-é',
      action: 'payment.succeeded',
      order_id: null,
      details: '{"note":"naïve ☕"}',
      window: 'checkout',
    },
  ];

  it('hashes a row exactly as every log already written was chained, so no existing chain breaks', () => {
    // Digests made by the chain's first implementation (a Hash object updated with the previous hash, then the
    // row's fields as JSON): logs on shop PCs carry hashes made that way.
    const first = auditRowHash(CHAIN_START, rows[0]!);
    expect(first).toBe('60deba2a2fdcf2c30b88294ffe165040eef5363a95b90c81aeb8abeeabe4697a');
    expect(auditRowHash(first, rows[1]!)).toBe('701f09e3390cbe448c55a9d675eb01dfb979b015e6e3d4a24cc5bebd00a6a3af');
    const fields = [rows[1]!.id, rows[1]!.at, rows[1]!.actor, rows[1]!.action, null, rows[1]!.details, 'checkout'];
    const stepwise = createHash('sha256').update(first).update(JSON.stringify(fields)).digest('hex');
    expect(auditRowHash(first, rows[1]!)).toBe(stepwise);
  });
});

describe('audit entries written inside a transaction', () => {
  it('commit and roll back with it, and a refused entry leaves the chain as it was', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir.path, 'till.sqlite'));
    try {
      const audit = createAuditLog(db, () => 1_767_225_600_000);
      const entries = () =>
        db.prepare<[], { id: number; action: string; hash: string }>('SELECT id, action, hash FROM audit_log').all();
      const before = entries();
      audit.record('system', 'alone', null);
      expect(() =>
        db.transaction(() => {
          audit.record('system', 'rolled.back', null);
          throw new Error('the write failed');
        })(),
      ).toThrow('the write failed');
      db.transaction(() => {
        // An entry about an order the log does not have is refused (foreign key); the caller goes on without it.
        expect(() => audit.record('system', 'refused', 'no-such-order')).toThrow(/FOREIGN KEY/);
        audit.record('system', 'committed', null);
      })();
      const after = entries().slice(before.length);
      expect(after.map((entry) => entry.action)).toEqual(['alone', 'committed']);
      // Each entry chains to the one before it in the log: nothing rolled back or refused is in the chain.
      const all = db
        .prepare<[], Parameters<typeof auditRowHash>[1] & { hash: string }>('SELECT * FROM audit_log ORDER BY id')
        .all();
      all.reduce((previous, row) => {
        expect(row.hash).toBe(auditRowHash(previous, row));
        return row.hash;
      }, CHAIN_START);
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});
