/**
 * Electron's main process: lifecycle, windows, the app origin, IPC. Kept thin — everything Till does lives in
 * core/, which runs without Electron.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { createTill, resolveStripeConnection, type Till } from '#core/create-till';
import { buildCsp } from '#core/security/csp';
import { serveAppOrigin } from './shell/app-protocol';
import { hardenApp } from './shell/hardening';
import { registerIpc } from './shell/ipc';
import { installMenu } from './shell/menu';
import { saveReceiptPdf } from './shell/receipt-pdf';
import { saveCsv } from './shell/save-csv';
import { chooseSavePath } from './shell/save-dialog';
import { createCheckoutWindow, openHistoryWindow } from './shell/windows';
import { startTraining, type Training } from '#core/training';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Tests and demos point Till at a scratch order log; by default it lives in Electron's userData folder.
if (process.env.TILL_DATA_DIR) app.setPath('userData', process.env.TILL_DATA_DIR);

if (!app.requestSingleInstanceLock()) app.quit();

let till: Till | undefined;
let training: Training | null = null;

app.on('second-instance', () => createCheckoutWindow().focus());

app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  try {
    // No Stripe keys: training mode, against the built-in simulator.
    training = resolveStripeConnection({ env: process.env }) ? null : await startTraining(dataDir);
    till = createTill({
      dataDir,
      version: app.getVersion(),
      stripe: training?.connection,
      shell: {
        kind: 'electron',
        saveReceiptPdf,
        saveCsv,
        chooseSavePath,
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

  hardenApp({ allowLoopback: training !== null });
  const devOrigins = devServerUrl ? [new URL(devServerUrl).origin.replace(/^http/, 'ws'), devServerUrl] : [];
  serveAppOrigin({
    rendererDir: join(import.meta.dirname, '../renderer'),
    devServerUrl,
    csp: () =>
      buildCsp({
        payments: training ? { kind: 'simulator', origin: training.simulator.url } : { kind: 'stripe' },
        devOrigins,
      }),
  });
  registerIpc(till);
  installMenu({ openHistory: openHistoryWindow });
  createCheckoutWindow();
  void till.startBackground();

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
  if (quitting || !till) return;
  quitting = true;
  event.preventDefault();
  void Promise.allSettled([till.close(), training?.close()]).then(() => app.quit());
});
