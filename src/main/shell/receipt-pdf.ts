import { BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { chooseSavePath } from './save-dialog';

/**
 * Saves the receipt on screen as a PDF. The page's print styles show only the receipt, so printing the focused
 * window to PDF gives exactly the receipt the clerk sees.
 */
export async function saveReceiptPdf(order: { number: number }): Promise<{ path: string | null }> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (!window) return { path: null };
  const path = await chooseSavePath({
    title: 'Save receipt as PDF',
    defaultName: `Till-order-${order.number}.pdf`,
    kind: { name: 'PDF', extensions: ['pdf'] },
  });
  if (!path) return { path: null };
  const pdf = await window.webContents.printToPDF({ printBackground: false, pageSize: 'A4' });
  await writeFile(path, pdf);
  return { path };
}
