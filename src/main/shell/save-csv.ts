import { writeFile } from 'node:fs/promises';
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
