/**
 * The automatic backups in the owner's folder: their names, the list the restore picker shows, and the rotation.
 * Only files named as Till names them are Till's; anything else in the folder (the owner's own files on a USB
 * stick, a synced folder's other contents, a manual backup under another name) is never listed nor deleted.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `Till-backup-2026-12-06_18-30-05.sqlite`: local time, so the owner reads it, and it sorts by time as text. The
 * underscore keeps the date and the time from reading as one 14-digit run: a run of digits is what a card number
 * looks like to Till's leak checks, and one second in ten would have passed the Luhn check.
 */
export const BACKUP_NAME = /^Till-backup-(\d{4})-(\d{2})-(\d{2})_(\d{2})-(\d{2})-(\d{2})\.sqlite$/;

export function backupFileName(at: number): string {
  const d = new Date(at);
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `Till-backup-${day}_${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}.sqlite`;
}

/** When a backup named by backupFileName was taken; null for any other name. */
export function backupTakenAt(fileName: string): number | null {
  const match = BACKUP_NAME.exec(fileName);
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as number[];
  return new Date(year!, month! - 1, day!, hours, minutes, seconds).getTime();
}

export interface BackupFile {
  name: string;
  path: string;
  takenAt: number;
  bytes: number;
}

/** Till's backups in the folder, newest first; an unreadable folder (the stick pulled) throws. */
export function listBackups(folder: string): BackupFile[] {
  const found: BackupFile[] = [];
  for (const name of readdirSync(folder)) {
    const takenAt = backupTakenAt(name);
    if (takenAt === null) continue;
    const path = join(folder, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    found.push({ name, path, takenAt, bytes: stat.size });
  }
  return found.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Deletes Till's backups beyond the newest `keep`; returns the names deleted. */
export function rotateBackups(folder: string, keep: number): string[] {
  const extra = listBackups(folder).slice(keep);
  for (const file of extra) rmSync(file.path, { force: true });
  return extra.map((file) => file.name);
}
