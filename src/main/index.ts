/**
 * Electron's main process: lifecycle, windows, the app origin, IPC. Kept thin — everything Till does lives in
 * core/, which runs without Electron.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { createTill, type Till } from './core/create-till';
import { buildCsp } from './core/security/csp';
import { serveAppOrigin } from './shell/app-protocol';
import { hardenApp } from './shell/hardening';
import { registerIpc } from './shell/ipc';
import { installMenu } from './shell/menu';
import { createCheckoutWindow, openHistoryWindow } from './shell/windows';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Tests and demos point Till at a scratch order log; by default it lives in Electron's userData folder.
if (process.env.TILL_DATA_DIR) app.setPath('userData', process.env.TILL_DATA_DIR);

if (!app.requestSingleInstanceLock()) app.quit();

let till: Till | undefined;

app.on('second-instance', () => createCheckoutWindow().focus());

app.whenReady().then(() => {
  try {
    till = createTill({
      dataDir: app.getPath('userData'),
      version: app.getVersion(),
      shell: {
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

  hardenApp();
  const devOrigins = devServerUrl ? [new URL(devServerUrl).origin.replace(/^http/, 'ws'), devServerUrl] : [];
  serveAppOrigin({
    rendererDir: join(import.meta.dirname, '../renderer'),
    devServerUrl,
    csp: () => buildCsp({ payments: { kind: 'none' }, devOrigins }),
  });
  registerIpc(till);
  installMenu({ openHistory: openHistoryWindow });
  createCheckoutWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createCheckoutWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => till?.close());
