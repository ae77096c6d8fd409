/**
 * An export under way, however it is written: its text, the rows it will write and how many it has written. Here,
 * the one written on the main thread (small exports, and an in-memory log, which a worker cannot open);
 * export-in-parts.ts writes large ones on worker threads.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OrdersListInput } from '#shared/contract';
import type { Db } from '../db/open';
import { stretchCsv, type ExportKind } from './export-csv';
import { openExportSnapshot, WHOLE_HISTORY, type ExportSnapshot } from './export-snapshot';

export type ExportFilter = NonNullable<OrdersListInput>;

export interface ExportJob {
  /** Writes the whole file into `out` and ends it; stops with an AbortError when `signal` aborts (a cancel). */
  writeTo(out: Writable, signal: AbortSignal): Promise<void>;
  /** The rows the export will write, known once its snapshot is taken. */
  total: Promise<number>;
  /** Rows written so far. */
  written(): number;
  /** Stops the export if it is still under way (a cancel, a failed write) and lets go of what it holds. */
  close(): Promise<void>;
}

/** The rows an export of `kind` writes: one per order, or one per line. */
const rowsOf = (snapshot: ExportSnapshot, kind: ExportKind) =>
  kind === 'orders' ? snapshot.orderCount() : snapshot.lineCount();

export function exportOnThisThread(db: Db, kind: ExportKind, filter: ExportFilter): ExportJob {
  const snapshot = openExportSnapshot(db, filter);
  let written = 0;
  try {
    const total = rowsOf(snapshot, kind);
    const { text, released } = stretchCsv(snapshot, {
      kind,
      taxNames: snapshot.taxNames(),
      stretch: WHOLE_HISTORY,
      first: true,
      row: () => (written += 1),
    });
    const free = released.then(() => snapshot.close());
    return {
      writeTo: (out, signal) => pipeline(text, out, { signal }),
      total: Promise.resolve(total),
      written: () => written,
      close: async () => {
        text.destroy();
        await free;
      },
    };
  } catch (error) {
    snapshot.close();
    throw error;
  }
}

/** What an export of the filter would write now. */
export function countRows(db: Db, kind: ExportKind, filter: ExportFilter): number {
  const snapshot = openExportSnapshot(db, filter);
  try {
    return rowsOf(snapshot, kind);
  } finally {
    snapshot.close();
  }
}
