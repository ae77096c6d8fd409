import type { Migration } from '../migrate';
import { auditRowHash, CHAIN_START, type ChainedAuditRow } from '../audit-chain';

/**
 * Named staff with roles, and an audit log that shows who did what from which window and that it was not edited.
 *
 * - staff gains the manager role (a CHECK cannot be altered in SQLite, so the table is rebuilt; foreign keys are
 *   deferred to the commit, where every order and refund still finds its staff row) and its own PIN lock: the tries
 *   counted since the last right PIN, until when it is locked, and how many locks so far (each one twice as long).
 *   The owner's lock moves here from the settings table.
 * - payment attempts name who pressed Pay; the history filters orders by who took them.
 * - audit rows name the window the action came from and carry the hash chain (db/audit-chain.ts); rows written
 *   before this migration are chained here, in the order they were written.
 */
export const staffAccounts: Migration = {
  version: 8,
  name: 'staff-accounts',
  up(db) {
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
      CREATE TEMP TABLE staff_before AS SELECT * FROM staff;
      DROP TABLE staff;
      CREATE TABLE staff (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
        role         TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'clerk')),
        pin_hash     TEXT,                    -- scrypt hash; NULL until a PIN is set
        active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at   INTEGER NOT NULL,
        pin_tries    INTEGER NOT NULL DEFAULT 0,  -- counted before each PIN is checked; 0 after a right one
        locked_until INTEGER NOT NULL DEFAULT 0,  -- ms since the epoch; no PIN is checked before then
        lock_count   INTEGER NOT NULL DEFAULT 0   -- locks since the last right PIN: the next lasts 5 min × 2^count
      ) STRICT;

      ALTER TABLE payment_attempts ADD COLUMN staff_id TEXT REFERENCES staff (id);
      CREATE INDEX orders_by_staff ON orders (staff_id, created_at) WHERE staff_id IS NOT NULL;

      ALTER TABLE audit_log ADD COLUMN window TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
      CREATE INDEX audit_log_by_actor ON audit_log (actor, at);
      CREATE INDEX audit_log_by_time ON audit_log (at);
    `);

    // Names are now unique (the lock screen lists them): a repeated one gets a number, as "Sam (2)".
    const before = db
      .prepare('SELECT id, name, role, pin_hash, active, created_at FROM staff_before ORDER BY created_at, id')
      .all() as {
      id: string;
      name: string;
      role: string;
      pin_hash: string | null;
      active: number;
      created_at: number;
    }[];
    const taken = db.prepare('SELECT 1 FROM staff WHERE name = ?');
    const copy = db.prepare(
      'INSERT INTO staff (id, name, role, pin_hash, active, created_at) VALUES (@id, @name, @role, @pin_hash, @active, @created_at)',
    );
    for (const row of before) {
      let name = row.name;
      for (let n = 2; taken.get(name); n++) name = `${row.name} (${n})`;
      copy.run({ ...row, name });
    }
    db.exec('DROP TABLE staff_before');

    const ownerLock = db.prepare("SELECT value FROM settings WHERE key = 'owner_pin_lock'").pluck().get() as
      string | undefined;
    if (ownerLock) {
      const { failures = 0, lockedUntil = 0 } = JSON.parse(ownerLock) as { failures?: number; lockedUntil?: number };
      db.prepare("UPDATE staff SET pin_tries = ?, locked_until = ? WHERE id = 'owner'").run(failures, lockedUntil);
      db.prepare("DELETE FROM settings WHERE key = 'owner_pin_lock'").run();
    }

    // In batches: better-sqlite3 cannot write while an iterator is open, and a large log has millions of rows.
    const batch = db.prepare(
      'SELECT id, at, actor, action, order_id, details, window FROM audit_log WHERE id > ? ORDER BY id LIMIT 10000',
    );
    const setHash = db.prepare('UPDATE audit_log SET hash = ? WHERE id = ?');
    let previous = CHAIN_START;
    for (
      let rows = batch.all(0) as ChainedAuditRow[];
      rows.length > 0;
      rows = batch.all(rows.at(-1)!.id) as ChainedAuditRow[]
    ) {
      for (const row of rows) {
        previous = auditRowHash(previous, row);
        setHash.run(previous, row.id);
      }
    }
  },
};
