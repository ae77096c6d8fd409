/**
 * Writes a streamed export to a file the owner chose. A file cut short (the owner canceled, the disk filled) is
 * removed rather than left looking like a whole export.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';

export async function writeExportFile<T>(path: string, write: (out: Writable) => Promise<T>): Promise<T> {
  // 0600 as for the order log itself: the file holds customers' names and phones.
  const out = createWriteStream(path, { mode: 0o600 });
  try {
    return await write(out);
  } catch (error) {
    out.destroy();
    await rm(path, { force: true });
    throw error;
  }
}
