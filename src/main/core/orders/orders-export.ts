/**
 * The order history's streamed exports: the orders file and the lines file. Rows are read one at a time from a
 * snapshot (export-snapshot.ts), turned into CSV by csv-stringify's stream (export-csv.ts) and written as the file
 * takes them, so memory stays flat at any size; a large export is written by two worker threads at once
 * (export-in-parts.ts). While it runs, main pushes how far it has got (`orders.exportProgress`), and the page that
 * started it may cancel it: the write stops and the host removes what it had written.
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { OrdersFileExport } from '#shared/contract';
import type { ChannelInput } from '#shared/contract';
import { localDay } from '#shared/local-day';
import type { TillShell } from '../app/till-shell';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import { conflict } from '../errors';
import type { Caller } from '../ipc/caller';
import type { Logger } from '../log';
import type { PushHub } from '../push/push-hub';
import type { ExportKind } from './export-csv';
import { exportInParts, exportWorkerScript, removeLeftoverParts, WorkersUnavailable } from './export-in-parts';
import { countRows, exportOnThisThread, type ExportFilter, type ExportJob } from './export-job';
import { hasAtLeast } from './export-snapshot';

type ExportInput = ChannelInput<'orders.exportCsv'>;

/**
 * From this many orders an export is written in parts on worker threads: below it, starting the threads (tens of
 * milliseconds in the desktop app, more from source) would cost more than they save.
 */
const PARALLEL_FROM_ORDERS = 20_000;

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
  log: Pick<Logger, 'info' | 'warn'>;
  /** Tests (and TILL_EXPORT_PARTS_FROM, for the packaged app's test) choose where the parts begin. */
  parallelFromOrders?: number;
  /** The workers' built script, for a bench or test running from source (export-in-parts.ts). */
  builtWorker?: URL;
}

/** An export under way: its rows' total, and whether worker threads write it or the main thread does. */
interface OpenedExport {
  job: ExportJob;
  total: number;
  threads: 'workers' | 'main';
}

export const isCanceled = (error: unknown) => error instanceof Error && error.name === 'AbortError';

export function createOrdersExports({
  db,
  push,
  audit,
  shell,
  log,
  parallelFromOrders = PARALLEL_FROM_ORDERS,
  builtWorker,
}: OrdersExportDeps) {
  if (!db.memory) {
    const removed = removeLeftoverParts(db.name);
    if (removed.length > 0) log.warn({ removed }, 'removed what an export cut short left beside the order log');
  }
  const running = new Map<string, { session: string; controller: AbortController }>();

  /** Pushes how far the export has got about ten times a second, and once more at the end. */
  function reportProgress(exportId: string, job: ExportJob, total: number) {
    const send = () => push.publish('orders.exportProgress', { exportId, written: job.written(), total });
    send();
    const timer = setInterval(send, PROGRESS_EVERY_MS);
    return () => {
      clearInterval(timer);
      send();
    };
  }

  /**
   * Large exports are written in parts on worker threads; small ones (and an in-memory log) on this thread, and so
   * is a large one whose threads could not start: slower, but the owner gets the file.
   */
  async function openExport(kind: ExportKind, filter: ExportFilter): Promise<OpenedExport> {
    const onThisThread = async (): Promise<OpenedExport> => {
      const job = exportOnThisThread(db, kind, filter);
      return { job, total: await job.total, threads: 'main' };
    };
    if (db.memory || !hasAtLeast(db, filter, parallelFromOrders)) return onThisThread();
    const job = exportInParts({ file: db.name, kind, filter, script: exportWorkerScript(builtWorker) });
    try {
      return { job, total: await job.total, threads: 'workers' };
    } catch (error) {
      await job.close();
      if (!(error instanceof WorkersUnavailable)) throw error;
      log.warn({ err: error }, 'an export could not start its worker threads: it is written on the main thread');
      return onThisThread();
    }
  }

  async function save(kind: ExportKind, input: ExportInput, caller: Caller): Promise<OrdersFileExport> {
    const { exportId = randomUUID(), ...filter } = input ?? {};
    const words = FILE_WORDS[kind];
    // A filtered export says so in its name: beside the whole history's file of the same day, it is not that file.
    const filtered = Object.values(filter).some((value) => value !== undefined && value !== '');
    const fileName = `Till-${words.file}-${localDay(Date.now())}${filtered ? '-filtered' : ''}.csv`;
    let rows: number | null = null;

    const write = async (out: Writable) => {
      if (running.has(exportId)) throw conflict('This export is already running.');
      const controller = new AbortController();
      running.set(exportId, { session: caller.session, controller });
      let job: ExportJob | null = null;
      const started = performance.now();
      try {
        const opened = await openExport(kind, filter);
        job = opened.job;
        const finished = reportProgress(exportId, job, opened.total);
        try {
          await job.writeTo(out, controller.signal);
        } finally {
          finished();
        }
        rows = job.written();
        // How long, and where it ran: what support needs to hear of a slow export (no names, no filters' values).
        log.info(
          { kind, rows, ms: Math.round(performance.now() - started), threads: opened.threads },
          'export written',
        );
        // Customer details left the app: the audit log says how many and which filters, not what was searched for.
        audit.record(caller, words.audit, null, { rows, filters: Object.keys(filter) });
        return rows;
      } finally {
        running.delete(exportId);
        await job?.close();
      }
    };
    // The browser preview hands the file over later, and a save dialog may be canceled: the rows are then counted.
    const rowsToWrite = () => rows ?? countRows(db, kind, filter);

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
      return { ...saved, fileName, rows: rowsToWrite(), canceled: false };
    } catch (error) {
      if (!isCanceled(error)) throw error;
      return { path: null, download: null, fileName, rows: rowsToWrite(), canceled: true };
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
