import { BrowserWindow, dialog } from 'electron';
import { writeFile } from 'node:fs/promises';

/**
 * Saves the receipt on screen as a PDF. The page's print styles show only the receipt, so printing the focused
 * window to PDF gives exactly the receipt the clerk sees.
 */
export async function saveReceiptPdf(order: { number: number }): Promise<{ path: string | null }> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (!window) return { path: null };
  const choice = await dialog.showSaveDialog(window, {
    title: 'Save receipt as PDF',
    defaultPath: `Till-order-${order.number}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return { path: null };
  const pdf = await window.webContents.printToPDF({ printBackground: false, pageSize: 'A4' });
  await writeFile(choice.filePath, pdf);
  return { path: choice.filePath };
}
