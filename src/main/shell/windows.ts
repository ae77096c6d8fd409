import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pageUrl } from './app-origin';
import { windowOptions } from './window-options';

const preload = join(import.meta.dirname, '../preload/index.cjs');

function createWindow(route: 'checkout' | 'history', title: string, size: { width: number; height: number }) {
  const window = new BrowserWindow(windowOptions({ packaged: app.isPackaged, preload, title, size }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pageUrl(route));
  return window;
}

let historyWindow: BrowserWindow | null = null;

export const createCheckoutWindow = () => createWindow('checkout', 'Till — Checkout', { width: 1280, height: 820 });

/** One history window at a time: a second request focuses it. */
export function openHistoryWindow(): void {
  if (historyWindow && !historyWindow.isDestroyed()) {
    if (historyWindow.isMinimized()) historyWindow.restore();
    historyWindow.focus();
    return;
  }
  historyWindow = createWindow('history', 'Till — Order history', { width: 1200, height: 800 });
  historyWindow.on('closed', () => {
    historyWindow = null;
  });
}

export function broadcast(channel: string, message: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(channel, message);
}
