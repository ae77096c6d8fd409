/**
 * Updates from Till's GitHub releases through electron-updater, only when the owner turned "Check for updates" on
 * (core/updates/update-schedule.ts decides when to check and when to offer the restart; this only wires Electron).
 */
import { app, dialog } from 'electron';
import electronUpdater from 'electron-updater';
import type { Till } from '#core/create-till';
import { createUpdateSchedule } from '#core/updates/update-schedule';

const TICK_MS = 60_000;

export function startUpdates(till: () => Till): void {
  // A development run has no app-update.yml (electron-builder writes it into the packaged app): nothing to ask.
  if (!app.isPackaged) return;
  // electron-updater is CommonJS: its named export is on the default import.
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  const schedule = createUpdateSchedule({
    enabled: () => till().updates.enabled(),
    quiet: () => till().updates.quiet(),
    check: async () => {
      await autoUpdater.checkForUpdates();
    },
    offerRestart: async () => {
      const { response } = await dialog.showMessageBox({
        type: 'info',
        buttons: ['Restart now', 'Later'],
        defaultId: 0,
        cancelId: 1,
        message: 'A new version of Till is ready',
        detail: 'Restart Till now to use it. Later, it installs the next time Till closes.',
      });
      // quitAndInstall quits through will-quit, where the order log is closed first (src/main/index.ts).
      if (response === 0) autoUpdater.quitAndInstall();
    },
    onError: (error) => till().log.warn({ err: error }, 'checking for a Till update failed'),
  });
  autoUpdater.on('update-downloaded', () => schedule.downloaded());
  autoUpdater.on('error', (error) => till().log.warn({ err: error }, 'downloading a Till update failed'));
  void schedule.tick();
  setInterval(() => void schedule.tick(), TICK_MS);
}
