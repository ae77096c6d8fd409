import { BrowserWindow, dialog } from 'electron';
import { writeFile } from 'node:fs/promises';

/** Saves an export where the owner chooses, from the window they asked in. */
export async function saveCsv(fileName: string, content: string): Promise<{ path: string | null; csv: null }> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = {
    title: 'Export orders as CSV',
    defaultPath: fileName,
    filters: [{ name: 'CSV (spreadsheet)', extensions: ['csv'] }],
  };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { path: null, csv: null };
  await writeFile(choice.filePath, content, 'utf8');
  return { path: choice.filePath, csv: null };
}
