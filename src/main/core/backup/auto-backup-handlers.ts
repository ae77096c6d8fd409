/**
 * The owner's automatic backups and the restore: the folder (picked through the host's folder dialog, never typed
 * by the page), on/off and how many to keep, "Back up now", and the restore of one of the folder's backups. Every
 * change and the restore are confirmed with the owner's PIN; the restore itself is the host's (it closes core,
 * puts the backup in place and opens core again).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { BackupStatus } from '#shared/contract';
import type { TillShell } from '../app/till-shell';
import type { AuditLog } from '../db/audit-log';
import { conflict } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { PinConfirmation } from '../staff/pin-confirmation';
import type { AutoBackup } from './auto-backup';
import type { BackupConfigStore } from './backup-config';
import { UnusableBackupError, checkBackup } from './backup-check';
import { backupTakenAt, listBackups } from './backup-files';
import type { RestoreResult } from './restore-order-log';

export interface AutoBackupDeps {
  config: BackupConfigStore;
  backups: AutoBackup;
  confirm: PinConfirmation;
  audit: AuditLog;
  shell: TillShell;
  /** Closes core, puts the backup in place of the log and opens core again (till-host.ts); null: cannot restore. */
  restore: ((file: string, takenAt: number) => Promise<RestoreResult>) | null;
}

function ordersIn(file: string): number | null {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM orders').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

export const autoBackupHandlers = ({ config, backups, confirm, audit, shell, restore }: AutoBackupDeps) => {
  const status = (): BackupStatus => {
    const { folder, enabled, keep } = config.config();
    const { lastGoodAt, lastError, lastErrorAt } = config.status();
    let files: BackupStatus['backups'] = [];
    let folderError: string | null = null;
    if (folder) {
      try {
        files = listBackups(folder).map(({ name, path, takenAt, bytes }) => ({
          name,
          takenAt,
          bytes,
          orders: ordersIn(path),
        }));
      } catch (error) {
        folderError = `The backup folder cannot be read: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    const restored = config.restored();
    return {
      folder,
      enabled,
      keep,
      lastGoodAt,
      lastError,
      lastErrorAt,
      backups: files,
      folderError,
      restored: restored
        ? { restoredAt: restored.restoredAt, backupFile: restored.backupFile, setAside: restored.setAside }
        : null,
    };
  };

  return defineHandlers({
    'backup.status': () => status(),
    'backup.chooseFolder': async ({ pin }, caller) => {
      await confirm.require(caller, pin);
      const folder = await shell.chooseFolder({ title: 'Choose the folder for Till’s backups' });
      if (!folder) return status();
      // Picking a folder is asking for backups there: they start with it.
      config.setConfig({ ...config.config(), folder, enabled: true });
      audit.record(caller, 'database.backup_folder_chosen', null, { folder });
      await backups.ifDue();
      return status();
    },
    'backup.update': async ({ pin, enabled, keep }, caller) => {
      await confirm.require(caller, pin);
      const current = config.config();
      if (enabled && !current.folder) throw conflict('Choose a backup folder first.');
      const next = {
        ...current,
        ...(enabled === undefined ? {} : { enabled }),
        ...(keep === undefined ? {} : { keep }),
      };
      config.setConfig(next);
      audit.record(caller, 'database.backup_settings_changed', null, { enabled: next.enabled, keep: next.keep });
      await backups.ifDue();
      return status();
    },
    'backup.now': async () => {
      if (!config.config().folder) throw conflict('Choose a backup folder first.');
      await backups.now();
      return status();
    },
    'backup.restore': async ({ name, pin }, caller) => {
      await confirm.require(caller, pin);
      if (!restore) throw conflict('This Till cannot restore a backup while it runs.');
      const { folder } = config.config();
      if (!folder) throw conflict('Choose the backup folder first.');
      const file = join(folder, name);
      try {
        checkBackup(file);
      } catch (error) {
        audit.record(caller, 'database.restore_refused', null, { file, error: String(error) });
        if (error instanceof UnusableBackupError) throw conflict(error.message);
        throw error;
      }
      // Recorded in the log being set aside; the restored log records the restore itself when it opens.
      audit.record(caller, 'database.restore_started', null, { file });
      const result = await restore(file, backupTakenAt(name)!);
      return { orders: result.orders, setAside: result.setAside };
    },
  });
};
