import { BrowserWindow, dialog } from 'electron';
import type { SaveDialogOptions } from '#core/create-till';

/** Asks where to save, over the window the owner is using; null when they cancel. */
export async function chooseSavePath({ title, defaultName, kind }: SaveDialogOptions): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = { title, defaultPath: defaultName, filters: [kind] };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}
