/**
 * The owner's automatic backup settings and what the last runs did, kept in the order log's settings table
 * beside the other settings (each value checked by its schema, so a hand-edited row cannot crash Till).
 */
import { z } from 'zod';
import type { Db } from '../db/open';

export const DEFAULT_KEEP = 14;

const BackupConfig = z.object({
  /** The folder the owner picked (a USB stick, a synced folder); null until they pick one. */
  folder: z.string().nullable().default(null),
  enabled: z.boolean().default(false),
  /** How many of Till's backups the folder keeps: the newest. */
  keep: z.number().int().min(1).max(365).default(DEFAULT_KEEP),
});
export type BackupConfig = z.infer<typeof BackupConfig>;

const BackupRunStatus = z.object({
  lastGoodAt: z.number().int().nullable().default(null),
  lastGoodFile: z.string().nullable().default(null),
  lastErrorAt: z.number().int().nullable().default(null),
  lastError: z.string().nullable().default(null),
});
export type BackupRunStatus = z.infer<typeof BackupRunStatus>;

/** Written into a restored log by the restore itself (restore-order-log.ts): what it came from, and when. */
export const RestoreMarker = z.object({
  restoredAt: z.number().int(),
  backupFile: z.string(),
  /** When the backup was taken: Stripe is asked for what came after it. */
  backupTakenAt: z.number().int(),
  setAside: z.string(),
  /** Whether the restored log's audit log says so yet (core records it the first time it opens the log). */
  audited: z.boolean().default(false),
});
export type RestoreMarker = z.infer<typeof RestoreMarker>;
export const RESTORE_MARKER_KEY = 'backup_restored';

export function createBackupConfigStore(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const read = <T>(key: string, schema: z.ZodType<T>): T => {
    const row = get.get(key);
    const parsed = schema.safeParse(row ? JSON.parse(row.value) : {});
    return parsed.success ? parsed.data : schema.parse({});
  };
  return {
    config: (): BackupConfig => read('backups', BackupConfig),
    setConfig(value: BackupConfig): void {
      put.run('backups', JSON.stringify(BackupConfig.parse(value)), Date.now());
    },
    status: (): BackupRunStatus => read('backup_status', BackupRunStatus),
    setStatus(value: BackupRunStatus): void {
      put.run('backup_status', JSON.stringify(BackupRunStatus.parse(value)), Date.now());
    },
    restored(): RestoreMarker | null {
      const row = get.get(RESTORE_MARKER_KEY);
      const parsed = row ? RestoreMarker.safeParse(JSON.parse(row.value)) : null;
      return parsed?.success ? parsed.data : null;
    },
    setRestored(value: RestoreMarker): void {
      put.run(RESTORE_MARKER_KEY, JSON.stringify(RestoreMarker.parse(value)), Date.now());
    },
  };
}
export type BackupConfigStore = ReturnType<typeof createBackupConfigStore>;
