/** A checked copy of the order log wherever the owner chooses (a USB stick), while payments go on. */
import { resolve } from 'node:path';
import { localDay } from '#shared/local-day';
import type { TillShell } from '../app/till-shell';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import { conflict } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { Logger } from '../log';
import { backupOrderLog } from './order-log-backup';

export interface BackupDeps {
  db: Db;
  /** The order log itself, which a backup must never overwrite. */
  databaseFile: string;
  audit: AuditLog;
  shell: TillShell;
  log: Logger;
}

export const backupHandlers = ({ db, databaseFile, audit, shell, log }: BackupDeps) =>
  defineHandlers({
    'database.backup': async (_input, caller) => {
      const path = await shell.chooseSavePath({
        title: 'Back up the order log',
        defaultName: `Till-backup-${localDay(Date.now())}.sqlite`,
        kind: { name: 'Till order log (SQLite)', extensions: ['sqlite'] },
      });
      if (!path) return { path: null, orders: 0, bytes: 0 };
      if (resolve(path) === resolve(databaseFile)) {
        throw conflict('Choose another file: that one is the order log itself.');
      }
      try {
        const result = await backupOrderLog(db, path);
        audit.record(caller, 'database.backed_up', null, { orders: result.orders, bytes: result.bytes });
        log.info({ path, ...result }, 'order log backed up');
        return { path, ...result };
      } catch (error) {
        log.error({ err: error, path }, 'backup failed');
        throw conflict(
          `The backup could not be written to ${path}: ${error instanceof Error ? error.message : String(error)}. The order log itself is unchanged.`,
        );
      }
    },
  });
