import { join } from 'node:path';
import type { TillShell } from '#core/create-till';
import { writeExportFile } from '#core/orders/export-file';

/** The desktop app's streamed export, its save dialog answered with `dir`/the suggested name. */
export const exportToFolder = (dir: string): Pick<TillShell, 'saveCsvStream'> => ({
  saveCsvStream: async ({ defaultName }, write) => {
    const path = join(dir, defaultName);
    await writeExportFile(path, write);
    return { path, download: null };
  },
});
