import type { Writable } from 'node:stream';

/** What only the host can do for core: open windows, ask where to save a file. Electron and the preview differ. */
export interface SaveDialogOptions {
  title: string;
  defaultName: string;
  /** What the file is, in words ("PDF"), and its extensions without dots. */
  kind: { name: string; extensions: string[] };
}

export interface TillShell {
  kind: 'electron' | 'browser';
  openHistory(): { url: string | null };
  /** Saves the receipt on screen as a PDF where the user chooses; null when they cancel. */
  saveReceiptPdf(order: { id: string; number: number }): Promise<{ path: string | null }>;
  /**
   * Saves a CSV file where the user chooses (path; null when they cancel), or, where the host cannot save files,
   * hands the text back for the page to download (csv).
   */
  saveCsv(fileName: string, content: string): Promise<{ path: string | null; csv: string | null }>;
  /**
   * Saves a large CSV export as `write` streams it: where the user chooses (path; null when they cancel, and
   * `write` never runs), or, where the host cannot save files, as a one-time download for the page of the session
   * that asked (download: its same-origin address; `write` runs when the page fetches it). A `write` that fails or
   * is canceled leaves no file.
   */
  saveCsvStream(
    options: SaveDialogOptions & { session: string },
    write: (out: Writable) => Promise<number>,
  ): Promise<{ path: string | null; download: string | null }>;
  /**
   * Saves a PDF Till made where the user chooses (path; null when they cancel), or, where the host cannot save
   * files, hands the bytes back as base64 for the page to download (pdfBase64).
   */
  savePdf(options: SaveDialogOptions, pdf: Uint8Array): Promise<{ path: string | null; pdfBase64: string | null }>;
  /** Asks the user where to save a file; null when they cancel. */
  chooseSavePath(options: SaveDialogOptions): Promise<string | null>;
  /** Asks the user for a folder (where backups go); null when they cancel. */
  chooseFolder(options: { title: string }): Promise<string | null>;
}
