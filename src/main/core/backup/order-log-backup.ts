/**
 * A copy of the order log the owner can keep elsewhere (a USB stick, a cloud folder).
 *
 * better-sqlite3's online backup copies a consistent snapshot while Till keeps taking payments. The copy is then
 * made self-contained (rollback journal instead of WAL, so it is one file that opens anywhere), checked with
 * `integrity_check`, and only then moved over the name the owner chose: a failed backup never leaves a broken file
 * under that name, nor replaces an older good one. The copy holds what the log holds, so it is readable by the user
 * only (0600) from before its first byte, and keeps that mode through the rename.
 */
import Database from 'better-sqlite3';
import { renameSync, rmSync, statSync } from 'node:fs';
import { createPrivateFile } from '../keys/private-file';

export interface BackupResult {
  orders: number;
  bytes: number;
}

export async function backupOrderLog(db: Database.Database, target: string): Promise<BackupResult> {
  const partial = `${target}.partial`;
  try {
    createPrivateFile(partial);
    await db.backup(partial);
    const copy = new Database(partial, { fileMustExist: true });
    let orders: number;
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${String(check)}`);
      orders = copy.prepare('SELECT count(*) FROM orders').pluck().get() as number;
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    return { orders, bytes: statSync(target).size };
  } finally {
    rmSync(partial, { force: true });
  }
}
