/**
 * Automatic backups into the folder the owner picked: one when the day has changed or 24 hours have passed since
 * the last good one (checked at start and every hour), and one when Till quits. Each is the same checked copy as the
 * manual backup (order-log-backup.ts), then the folder keeps the newest N of Till's backups.
 *
 * A backup that fails (the USB stick pulled, the synced folder gone, the disk full) is recorded for the owner's
 * settings page and the audit log and tried again the next hour; it never throws to its caller, so a payment or a
 * quit never waits on it nor fails because of it.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localDay } from '#shared/local-day';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { BackupConfigStore } from './backup-config';
import { backupFileName, rotateBackups } from './backup-files';
import { backupOrderLog } from './order-log-backup';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export type BackupReason = 'daily' | 'quit' | 'now';

export type BackupRun =
  { ok: true; file: string; orders: number; bytes: number; rotated: string[] } | { ok: false; error: string };

export function createAutoBackup(deps: {
  db: Db;
  config: BackupConfigStore;
  audit: AuditLog;
  log: Logger;
  now?: () => number;
  /** How often to check whether a daily backup is due (tests shorten it). */
  checkEveryMs?: number;
}) {
  const { db, config, audit, log } = deps;
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<BackupRun> | null = null;

  function due(): boolean {
    const { enabled, folder } = config.config();
    if (!enabled || !folder) return false;
    const { lastGoodAt } = config.status();
    if (lastGoodAt === null) return true;
    const at = now();
    return localDay(lastGoodAt) !== localDay(at) || at - lastGoodAt >= DAY_MS;
  }

  async function write(reason: BackupReason): Promise<BackupRun> {
    const { folder, keep } = config.config();
    const at = now();
    try {
      if (!folder) throw new Error('no backup folder is chosen');
      // A pulled USB stick leaves its mount point missing (or, on some systems, an empty folder that is not it):
      // the folder must exist as the owner chose it, never be created again somewhere else.
      if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`the folder ${folder} is not there`);
      const target = join(folder, backupFileName(at));
      const result = await backupOrderLog(db, target);
      const rotated = rotateBackups(folder, keep);
      config.setStatus({ ...config.status(), lastGoodAt: at, lastGoodFile: target });
      audit.record('system', 'database.backed_up', null, { reason, orders: result.orders, bytes: result.bytes });
      log.info({ target, reason, rotated, ...result }, 'automatic backup written');
      return { ok: true, file: target, ...result, rotated };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      try {
        config.setStatus({ ...config.status(), lastErrorAt: at, lastError: message });
        audit.record('system', 'database.backup_failed', null, { reason, folder, error: message });
      } catch (recordError) {
        // The order log itself refuses writes (closed, disk full): the log file still says what happened.
        log.error({ err: recordError }, 'could not record the failed backup');
      }
      log.error({ err: error, folder, reason }, 'automatic backup failed');
      return { ok: false, error: message };
    }
  }

  /** One backup at a time: a quit during the hourly one waits for it rather than copying twice at once. */
  function run(reason: BackupReason): Promise<BackupRun> {
    running ??= write(reason).finally(() => {
      running = null;
    });
    return running;
  }

  return {
    /** A backup now (the owner's "Back up now"), whatever the day. */
    now: () => run('now'),
    /** A backup if the day has changed or 24 hours have passed since the last good one; null when none was due. */
    async ifDue(): Promise<BackupRun | null> {
      return due() ? run('daily') : null;
    },
    /** On quit, when backups are on: the day's last orders are in the folder before the PC is switched off. */
    async onQuit(): Promise<BackupRun | null> {
      if (running) await running;
      const { enabled, folder } = config.config();
      return enabled && folder ? run('quit') : null;
    },
    /** Checks now and then every hour; the timer never keeps the process alive. */
    start(): void {
      if (timer) return;
      void this.ifDue();
      timer = setInterval(() => void this.ifDue(), deps.checkEveryMs ?? HOUR_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
export type AutoBackup = ReturnType<typeof createAutoBackup>;
