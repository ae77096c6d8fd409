import type { SaveDialogOptions } from '#core/create-till';
import { writeFile } from 'node:fs/promises';
import { chooseSavePath } from './save-dialog';

/** Saves a PDF core made (the dispute evidence) where the owner chooses. */
export async function savePdf(
  options: SaveDialogOptions,
  pdf: Uint8Array,
): Promise<{ path: string | null; pdfBase64: null }> {
  const path = await chooseSavePath(options);
  if (path) await writeFile(path, pdf);
  return { path, pdfBase64: null };
}
