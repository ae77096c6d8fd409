/**
 * Whether a file may replace the order log: checked read-only, before anything is moved. It must be a whole
 * SQLite file (integrity_check), Till's (its application id and tables), and not from a newer Till (its schema
 * version at most this one's: an older one is brought up to date by the migrations when Till opens it).
 */
import Database from 'better-sqlite3';
import { TILL_APPLICATION_ID, schemaVersion } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';

/** What every Till log since the first has: without them it is not an order log Till can restore. */
const REQUIRED_TABLES = ['orders', 'order_lines', 'payment_attempts', 'settings', 'audit_log', 'stripe_events'];

export interface CheckedBackup {
  orders: number;
  schemaVersion: number;
}

export class UnusableBackupError extends Error {
  constructor(reason: string) {
    super(`That file cannot be restored: ${reason}. Nothing was changed.`);
    this.name = 'UnusableBackupError';
  }
}

export function checkBackup(file: string): CheckedBackup {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new UnusableBackupError(`it does not open (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('integrity_check', { simple: true });
    } catch (error) {
      throw new UnusableBackupError(`it is not an SQLite database (${error instanceof Error ? error.message : error})`);
    }
    if (check !== 'ok') throw new UnusableBackupError(`it is damaged (SQLite's integrity check: ${String(check)})`);
    if (db.pragma('application_id', { simple: true }) !== TILL_APPLICATION_ID) {
      throw new UnusableBackupError('it is not a Till order log');
    }
    const version = schemaVersion(db);
    const latest = MIGRATIONS.at(-1)!.version;
    if (version > latest) {
      throw new UnusableBackupError(
        `it was written by a newer version of Till (schema version ${version}; this one understands up to ${latest})`,
      );
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) throw new UnusableBackupError(`it has no ${missing.join(', ')} table`);
    return { orders: db.prepare('SELECT count(*) FROM orders').pluck().get() as number, schemaVersion: version };
  } finally {
    db.close();
  }
}
