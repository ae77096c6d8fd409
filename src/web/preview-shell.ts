import type { TillShell } from '#core/create-till';
import { conflict } from '#core/errors';
import { previewDownloads } from './preview-downloads';

/** What the browser preview can do for core in place of Electron: point the page at URLs, hand it files to download. */
export const previewShell: TillShell = {
  kind: 'browser',
  openHistory: () => ({ url: '/#/history' }),
  saveReceiptPdf: async () => {
    throw conflict("The browser preview cannot save files itself: use the browser's Print, then Save as PDF.");
  },
  saveCsv: async (_fileName, content) => ({ path: null, csv: content }),
  saveCsvStream: async ({ defaultName, session }, write) => ({
    path: null,
    download: previewDownloads.offer(session, { fileName: defaultName, write }),
  }),
  savePdf: async (_options, pdf) => ({ path: null, pdfBase64: Buffer.from(pdf).toString('base64') }),
  chooseSavePath: async () => {
    throw conflict(
      'The browser preview cannot save files where you choose: copy the order log folder shown in the status bar.',
    );
  },
  // A page cannot pick a folder on the PC that runs the preview: the folder is the one the preview was started with.
  chooseFolder: async () => {
    const folder = process.env.TILL_BACKUP_DIR;
    if (!folder) {
      throw conflict('The browser preview cannot open a folder picker: start it with TILL_BACKUP_DIR=<folder>.');
    }
    return folder;
  },
};
