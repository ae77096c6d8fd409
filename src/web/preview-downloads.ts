/**
 * The browser preview's streamed downloads. Main cannot save files for a browser, so an export call answers with
 * the address of a one-time download instead: a random token, good once, for one minute, and only for the preview
 * session that asked (the download request carries the same session cookie and passes the same Host and Origin
 * checks as every call). The file is written into the HTTP response as it is made, so memory stays flat, and a
 * page that aborts the download stops the write.
 */
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';

export interface PendingDownload {
  fileName: string;
  write(out: Writable): Promise<number>;
}

const EXPIRES_MS = 60_000;
export const DOWNLOAD_PATH = '/api/download/';

export function createPreviewDownloads(expiresMs = EXPIRES_MS) {
  const pending = new Map<string, PendingDownload & { session: string }>();
  return {
    /** The address the page fetches the file from. */
    offer(session: string, download: PendingDownload): string {
      const token = randomBytes(32).toString('base64url');
      pending.set(token, { ...download, session });
      setTimeout(() => pending.delete(token), expiresMs).unref();
      return `${DOWNLOAD_PATH}${token}`;
    },
    /** The download behind a token, once, and only to the session it was offered to. */
    take(token: string, session: string): PendingDownload | null {
      const found = pending.get(token);
      if (!found || found.session !== session) return null;
      pending.delete(token);
      return found;
    },
  };
}

/** One for the process: the preview's shell offers downloads, its server hands them out. */
export const previewDownloads = createPreviewDownloads();
