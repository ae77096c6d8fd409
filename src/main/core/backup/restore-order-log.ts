/**
 * Puts a checked backup in place of the order log, while Till's core is closed (till-host.ts closes it, calls
 * this, and opens it again: the migrations then bring an older backup up to date, and reconciliation asks Stripe
 * for what came after it).
 *
 * The current log is never deleted: it keeps its content under a name with the time of the restore, beside the
 * log. It is set aside by a hard link and the backup's copy then renamed over the log's name, so at every moment
 * the log's name holds either the old log or the backup, whole; a crash in between never leaves Till to start on a
 * new, empty log.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createPrivateFile, restrictToOwner } from '../keys/private-file';
import { RESTORE_MARKER_KEY, type RestoreMarker } from './backup-config';
import { backupFileName } from './backup-files';
import { checkBackup, type CheckedBackup } from './backup-check';

export interface RestoreResult extends CheckedBackup {
  /** Where the log that was in use now is. */
  setAside: string;
}

/** `till-training.before-restore-2026-12-06_18-30-05.sqlite`, beside the log. */
export function setAsideName(databaseFile: string, at: number): string {
  const stamp = backupFileName(at).replace(/^Till-backup-/, '');
  return join(dirname(databaseFile), `${basename(databaseFile, '.sqlite')}.before-restore-${stamp}`);
}

export function restoreOrderLog(options: {
  databaseFile: string;
  backupFile: string;
  backupTakenAt: number;
  now?: number;
}): RestoreResult {
  const { databaseFile, backupFile } = options;
  const at = options.now ?? Date.now();
  const incoming = `${databaseFile}.restoring`;
  const setAside = setAsideName(databaseFile, at);
  try {
    createPrivateFile(incoming);
    copyFileSync(backupFile, incoming);
    restrictToOwner(incoming);
    // The caller checked the backup before closing core; what is checked here is the copy that will become the log
    // (a disk that filled up mid-copy, a stick pulled), before anything else is moved.
    const checked = checkBackup(incoming);
    // The restored log says what it came from: the owner sees it, and reconciliation looks back to the backup.
    const copy = new Database(incoming, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const marker: RestoreMarker = {
        restoredAt: at,
        backupFile,
        backupTakenAt: options.backupTakenAt,
        setAside,
        audited: false,
      };
      copy
        .prepare(
          `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        )
        .run(RESTORE_MARKER_KEY, JSON.stringify(marker), at);
    } finally {
      copy.close();
    }
    if (existsSync(databaseFile)) {
      try {
        linkSync(databaseFile, setAside);
      } catch {
        copyFileSync(databaseFile, setAside); // a file system without hard links
      }
      restrictToOwner(setAside);
    }
    // A log closed cleanly has no -wal or -shm; any left belong to the old log and go aside with it.
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, setAside + suffix);
    }
    renameSync(incoming, databaseFile);
    return { ...checked, setAside };
  } finally {
    rmSync(incoming, { force: true });
  }
}
