import { BrowserWindow, dialog } from 'electron';

/** Asks for a folder (a USB stick, a synced folder), over the window the owner is using; null when they cancel. */
export async function chooseFolder({ title }: { title: string }): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = {
    title,
    properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
  };
  const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return choice.canceled ? null : (choice.filePaths[0] ?? null);
}
