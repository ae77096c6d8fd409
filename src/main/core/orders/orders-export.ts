/**
 * The order history's streamed exports: the orders file and the lines file. Rows are read one at a time from a
 * snapshot (export-snapshot.ts), turned into CSV by csv-stringify's stream and written as the file takes them, so
 * memory stays flat at any size. While it runs, main pushes how far it has got (`orders.exportProgress`), and the
 * page that started it may cancel it: the write stops and the host removes what it had written.
 */
import { randomUUID } from 'node:crypto';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OrdersFileExport } from '#shared/contract';
import type { ChannelInput } from '#shared/contract';
import { localDay } from '#shared/local-day';
import type { TillShell } from '../app/till-shell';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import { conflict } from '../errors';
import type { Caller } from '../ipc/caller';
import type { PushHub } from '../push/push-hub';
import { openExportSnapshot, type ExportSnapshot, type LineExportRow } from './export-snapshot';
import { splitLineTaxes } from './line-taxes';
import { csvStream, lineColumns, lineRecords, orderColumns, orderRecords } from './orders-csv';

export type ExportKind = 'orders' | 'lines';
type ExportInput = ChannelInput<'orders.exportCsv'>;

/** Often enough for a bar that moves smoothly, rarely enough to cost nothing (about ten pushes a second). */
const PROGRESS_EVERY_MS = 100;

const FILE_WORDS: Record<ExportKind, { file: string; title: string; audit: string }> = {
  orders: { file: 'orders', title: 'Export orders as CSV', audit: 'orders.exported' },
  lines: { file: 'order-lines', title: 'Export order lines as CSV', audit: 'orders.linesExported' },
};

export interface OrdersExportDeps {
  db: Db;
  push: PushHub;
  audit: AuditLog;
  shell: TillShell;
}

/**
 * csv-stringify emits each record as a string of its own; gathered into chunks of about 64 kB they reach the file
 * (or the HTTP response) as a few thousand writes rather than a million.
 */
function inChunks(size = 64 * 1024) {
  let pending = '';
  return new Transform({
    decodeStrings: false,
    transform(chunk: string, _encoding, done) {
      pending += chunk;
      if (pending.length < size) return done();
      const full = pending;
      pending = '';
      done(null, full);
    },
    flush(done) {
      done(null, pending || undefined);
    },
  });
}

export const isCanceled = (error: unknown) => error instanceof Error && error.name === 'AbortError';

export function createOrdersExports({ db, push, audit, shell }: OrdersExportDeps) {
  const running = new Map<string, { session: string; controller: AbortController }>();

  function progressOf(exportId: string, total: number) {
    let written = 0;
    let sentAt = 0;
    const send = () => push.publish('orders.exportProgress', { exportId, written, total });
    return {
      row() {
        written += 1;
        // The clock is read every 1,024 rows, not every row.
        if ((written & 1023) !== 0) return;
        const now = performance.now();
        if (now - sentAt >= PROGRESS_EVERY_MS) {
          sentAt = now;
          send();
        }
      },
      done() {
        send();
        return written;
      },
      start: send,
    };
  }

  function* orderRows(snapshot: ExportSnapshot, taxNames: string[], row: () => void) {
    const record = orderRecords(taxNames);
    for (const order of snapshot.orders()) {
      row();
      yield record(order);
    }
  }

  /** Lines come grouped by order: an order's lines are gathered to share its taxes out, then written. */
  function* lineRows(snapshot: ExportSnapshot, taxNames: string[], row: () => void) {
    const classTaxes = snapshot.classTaxes();
    const record = lineRecords(taxNames);
    let group: LineExportRow[] = [];
    function* flush() {
      const split = splitLineTaxes(
        group[0]![4],
        group.map(([, , , , , , , , , taxClass, subtotal, tax]) => ({ taxClass, subtotal, tax })),
        classTaxes,
      );
      for (const [i, line] of group.entries()) {
        row();
        yield record(line, split[i]!);
      }
      group = [];
    }
    for (const line of snapshot.lines()) {
      if (group.length > 0 && group[0]![0] !== line[0]) yield* flush();
      group.push(line);
    }
    if (group.length > 0) yield* flush();
  }

  async function save(kind: ExportKind, input: ExportInput, caller: Caller): Promise<OrdersFileExport> {
    const { exportId = randomUUID(), ...filter } = input ?? {};
    const words = FILE_WORDS[kind];
    const fileName = `Till-${words.file}-${localDay(Date.now())}.csv`;
    const counting = openExportSnapshot(db, filter);
    let rows = kind === 'orders' ? counting.orderCount() : counting.lineCount();
    counting.close();

    const write = async (out: Writable) => {
      if (running.has(exportId)) throw conflict('This export is already running.');
      const controller = new AbortController();
      running.set(exportId, { session: caller.session, controller });
      const snapshot = openExportSnapshot(db, filter);
      try {
        const taxNames = snapshot.taxNames();
        const progress = progressOf(exportId, kind === 'orders' ? snapshot.orderCount() : snapshot.lineCount());
        progress.start();
        const records =
          kind === 'orders' ? orderRows(snapshot, taxNames, progress.row) : lineRows(snapshot, taxNames, progress.row);
        const columns = kind === 'orders' ? orderColumns(taxNames) : lineColumns(taxNames);
        await pipeline(Readable.from(records), csvStream(columns), inChunks(), out, { signal: controller.signal });
        rows = progress.done();
        // Customer details left the app: the audit log says how many and which filters, not what was searched for.
        audit.record(caller, words.audit, null, { rows, filters: Object.keys(filter) });
        return rows;
      } finally {
        running.delete(exportId);
        snapshot.close();
      }
    };

    try {
      const saved = await shell.saveCsvStream(
        {
          title: words.title,
          defaultName: fileName,
          kind: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
          session: caller.session,
        },
        write,
      );
      return { ...saved, fileName, rows, canceled: false };
    } catch (error) {
      if (!isCanceled(error)) throw error;
      return { path: null, download: null, fileName, rows, canceled: true };
    }
  }

  return {
    save,
    /** Only the session that started an export may stop it. */
    cancel(exportId: string, caller: Caller): boolean {
      const job = running.get(exportId);
      if (!job || job.session !== caller.session) return false;
      job.controller.abort();
      return true;
    },
  };
}
export type OrdersExports = ReturnType<typeof createOrdersExports>;
