/**
 * What the main thread and an export's worker threads say to each other (export-in-parts.ts, export-worker.ts).
 *
 * Besides messages they share a few counters (an Int32Array over a SharedArrayBuffer): the go-ahead for taking the
 * snapshot and how many parts took it, which the main thread waits on without yielding (see export-in-parts.ts),
 * and the rows written so far, which the progress bar reads ten times a second without a message per row.
 */
import type { OrdersListInput } from '#shared/contract';
import type { ExportKind } from './export-csv';

export const SHARED_SLOTS = { go: 0, snapshots: 1, rows: 2 } as const;
export const SHARED_BYTES = 3 * Int32Array.BYTES_PER_ELEMENT;

export interface ExportPartData {
  /** The order log. */
  file: string;
  kind: ExportKind;
  filter: NonNullable<OrdersListInput>;
  part: number;
  parts: number;
  /** Where this part writes its CSV; null: to the main thread as messages (the first part, which is written first). */
  partFile: string | null;
  shared: SharedArrayBuffer;
}

/**
 * From a worker: its connection is open; the count of rows the export will write (from the first part); a chunk of
 * CSV, UTF-8, in the first `length` bytes of a buffer handed over (the first part only); its part is written; or
 * what went wrong.
 */
export type FromExportPart =
  | { type: 'ready' }
  | { type: 'total'; rows: number }
  | { type: 'chunk'; bytes: ArrayBuffer; length: number }
  | { type: 'done'; rows: number }
  | { type: 'failed'; message: string };

/** To the first part's worker: a chunk's buffer, written, to be filled again. */
export type ToExportPart = { type: 'written'; bytes: ArrayBuffer };

/** The buffers going round between the first part and the main thread: about 1 MB in all. */
export const CHUNKS_AHEAD = 16;
/** Each holds a chunk (export-csv.ts gathers ≈64 kB) and the record that took it past 64 kB. */
export const CHUNK_BUFFER_BYTES = 80 * 1024;
