/**
 * Electron's main process: lifecycle, windows, the app origin, IPC. Kept thin — everything Till does lives in
 * core/, which runs without Electron.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { buildCsp } from '#core/security/csp';
import { startTillHost, type TillHost } from '#core/till-host';
import { serveAppOrigin } from './shell/app-protocol';
import { hardenApp } from './shell/hardening';
import { forwardPushes, registerIpc } from './shell/ipc';
import { installMenu } from './shell/menu';
import { saveReceiptPdf } from './shell/receipt-pdf';
import { createSafeStorageVault } from './shell/safe-storage-vault';
import { saveCsv, saveCsvStream } from './shell/save-csv';
import { savePdf } from './shell/save-pdf';
import { chooseSavePath } from './shell/save-dialog';
import { chooseFolder } from './shell/folder-dialog';
import { startUpdates } from './shell/updates';
import { createCheckoutWindow, openHistoryWindow } from './shell/windows';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Tests and demos point Till at a scratch order log; by default it lives in Electron's userData folder.
if (process.env.TILL_DATA_DIR) app.setPath('userData', process.env.TILL_DATA_DIR);

if (!app.requestSingleInstanceLock()) app.quit();

let host: TillHost | undefined;

app.on('second-instance', () => createCheckoutWindow().focus());

app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  try {
    // Keys from the environment, else those the owner saved, else training mode against the built-in simulator.
    host = await startTillHost({
      dataDir,
      version: app.getVersion(),
      env: process.env,
      vault: createSafeStorageVault(dataDir),
      stripeApiBase: process.env.TILL_STRIPE_API_BASE || undefined,
      // Every window follows the new keys' mode and order log, not only the one where the owner changed them.
      onSwitched: (till) => {
        forwardPushes(till);
        for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
      },
      background: true,
      shell: {
        kind: 'electron',
        saveReceiptPdf,
        saveCsv,
        saveCsvStream,
        savePdf,
        chooseSavePath,
        chooseFolder,
        openHistory: () => {
          openHistoryWindow();
          return { url: null };
        },
      },
    });
  } catch (error) {
    dialog.showErrorBox('Till cannot open its order log', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }

  const running = host;
  hardenApp({ allowLoopback: () => running.payments().kind === 'simulator' });
  const devOrigins = devServerUrl ? [new URL(devServerUrl).origin.replace(/^http/, 'ws'), devServerUrl] : [];
  serveAppOrigin({
    rendererDir: join(import.meta.dirname, '../renderer'),
    devServerUrl,
    csp: () => buildCsp({ payments: running.payments(), devOrigins }),
  });
  registerIpc(() => running.till);
  installMenu({ openHistory: openHistoryWindow });
  createCheckoutWindow();
  startUpdates(() => running.till);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createCheckoutWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Stop the event source and close the order log before quitting, so that nothing is cut off mid-write.
let quitting = false;
app.on('will-quit', (event) => {
  if (quitting || !host) return;
  quitting = true;
  event.preventDefault();
  void host.close().finally(() => app.quit());
});
