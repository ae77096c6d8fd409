import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { SaveDialogOptions } from '#core/create-till';
import { writeExportFile } from '#core/orders/export-file';
import { chooseSavePath } from './save-dialog';

/** Saves an export where the owner chooses. */
export async function saveCsv(fileName: string, content: string): Promise<{ path: string | null; csv: null }> {
  const path = await chooseSavePath({
    title: 'Export orders as CSV',
    defaultName: fileName,
    kind: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
  });
  if (path) await writeFile(path, content, 'utf8');
  return { path, csv: null };
}

/** Streams a large export into the file the owner chooses; a canceled or failed one leaves no file. */
export async function saveCsvStream(
  options: SaveDialogOptions,
  write: (out: Writable) => Promise<number>,
): Promise<{ path: string | null; download: null }> {
  const path = await chooseSavePath(options);
  if (path) await writeExportFile(path, write);
  return { path, download: null };
}
