import { useState } from 'react';
import type { BackupStatus } from '#shared/contract';
import { localDateTime } from '#shared/local-day';
import { fieldMessage } from '../field-message';
import { useTillQuery } from '../use-till-query';
import { till } from '../staff/till';

const KEEP_CHOICES = [3, 7, 14, 30, 60, 90];

/**
 * Automatic backups, in the owner's settings: the folder (a USB stick, a synced folder, picked in the PC's own
 * folder dialog), on or off, how many to keep, how the last backup went, and the restore of one of the folder's
 * backups. A restore restarts Till on the backup, so the page reloads to follow it.
 */
export function BackupSettings({ pin }: { pin: string }) {
  const loaded = useTillQuery(() => till.backup.status(), []);
  const [saved, setSaved] = useState<BackupStatus | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const status = saved ?? (loaded.status === 'ready' ? loaded.value : null);
  if (!status) return null;
  const withPin = <T extends object>(input: T) => (pin ? { ...input, pin } : input);
  const restoringBackup = status.backups.find((backup) => backup.name === restoring) ?? null;

  const run = async (what: string, call: () => ReturnType<typeof till.backup.status>) => {
    setBusy(what);
    setError(null);
    const result = await call();
    setBusy(null);
    if (result.ok) setSaved(result.value);
    else setError(fieldMessage(result.error));
  };
  const restore = async (name: string) => {
    setBusy('restore');
    setError(null);
    const result = await till.backup.restore(withPin({ name }));
    if (result.ok) return window.location.reload();
    setBusy(null);
    setError(fieldMessage(result.error));
  };

  return (
    <section className="stripe-keys backup-settings" aria-labelledby="backup-settings-title">
      <h3 id="backup-settings-title">Automatic backups</h3>
      <p data-testid="backup-folder">
        {status.folder ? `Backups go to ${status.folder}.` : 'No backup folder chosen: Till backs up only when asked.'}
      </p>
      <div className="keys-actions">
        <button
          type="button"
          className="secondary"
          disabled={busy !== null}
          onClick={() => void run('folder', () => till.backup.chooseFolder(withPin({})))}
        >
          {status.folder ? 'Choose another folder…' : 'Choose a backup folder…'}
        </button>
        {status.folder && (
          <button type="button" disabled={busy !== null} onClick={() => void run('now', () => till.backup.now())}>
            {busy === 'now' ? 'Backing up…' : 'Back up now'}
          </button>
        )}
      </div>
      {status.folder && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={status.enabled}
              disabled={busy !== null}
              onChange={(event) =>
                void run('update', () => till.backup.update(withPin({ enabled: event.target.checked })))
              }
            />
            Back up every day and when Till quits
          </label>
          <label className="field">
            <span>Keep the newest</span>
            <select
              aria-label="Backups kept"
              value={status.keep}
              disabled={busy !== null}
              onChange={(event) =>
                void run('update', () => till.backup.update(withPin({ keep: Number(event.target.value) })))
              }
            >
              {[...new Set([...KEEP_CHOICES, status.keep])]
                .sort((a, b) => a - b)
                .map((keep) => (
                  <option key={keep} value={keep}>
                    {keep} backups
                  </option>
                ))}
            </select>
          </label>
        </>
      )}
      <p data-testid="backup-last-good">
        {status.lastGoodAt ? `Last good backup: ${localDateTime(status.lastGoodAt)}.` : 'No automatic backup yet.'}
      </p>
      {status.lastError && status.lastErrorAt && (status.lastGoodAt ?? 0) < status.lastErrorAt && (
        <p className="notice error" role="alert" data-testid="backup-last-error">
          The backup of {localDateTime(status.lastErrorAt)} failed: {status.lastError}. Till tries again every hour;
          check that the USB stick or folder is there.
        </p>
      )}
      {status.folderError && (
        <p className="notice warning">
          {status.folderError}{' '}
          <button
            type="button"
            className="secondary"
            disabled={busy !== null}
            onClick={() => void run('status', () => till.backup.status())}
          >
            Look again
          </button>
        </p>
      )}
      {status.restored && (
        <p className="notice info" data-testid="backup-restored">
          Restored on {localDateTime(status.restored.restoredAt)} from {status.restored.backupFile}. The order log in
          use before is kept as {status.restored.setAside}.
        </p>
      )}
      {status.backups.length > 0 && (
        <table className="backup-list">
          <caption>Backups in the folder</caption>
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Orders</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Restore</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.backups.map((backup) => (
              <tr key={backup.name}>
                <td>{localDateTime(backup.takenAt)}</td>
                <td>{backup.orders ?? 'unreadable'}</td>
                <td>{Math.ceil(backup.bytes / 1024)} KB</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== null}
                    aria-label={`Restore the backup of ${localDateTime(backup.takenAt)}`}
                    onClick={() => setRestoring(backup.name)}
                  >
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restoringBackup && (
        <div className="notice warning" data-testid="restore-warning">
          <p>
            Restore the backup of {localDateTime(restoringBackup.takenAt)} (
            {restoringBackup.orders === 1 ? '1 order' : `${restoringBackup.orders ?? 'unknown'} orders`})? It takes the
            order log&rsquo;s place and Till restarts. The log in use now is kept aside, not deleted. Payments, refunds
            and disputes Stripe has from after the backup come back; orders paid after it come back with their amount
            but not their items, marked for your review.
          </p>
          <div className="keys-actions">
            <button type="button" disabled={busy !== null} onClick={() => void restore(restoringBackup.name)}>
              {busy === 'restore' ? 'Restoring…' : 'Restore and restart'}
            </button>
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => setRestoring(null)}>
              Keep the current log
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
