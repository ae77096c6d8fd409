/**
 * A large export written by two worker threads at once, one half of the history each, so that it takes about half
 * as long on a PC with two cores or more, and the main thread stays free for payments meanwhile: it only passes the
 * text on to the file.
 *
 * One moment for the whole file: each worker reads through a connection of its own, and two connections see the
 * same snapshot only if nothing is committed between their first reads. The main thread is the order log's only
 * writer, and its writes are synchronous; so it gives the go-ahead and then waits, without yielding, until every
 * worker has taken its snapshot (well under a millisecond: the workers have loaded and opened their connections
 * before, and a snapshot is taken by one trivial read; they count what they will write afterwards).
 *
 * The first half is sent to the main thread chunk by chunk and written at once; the second is written meanwhile to a
 * file of its own beside the order log (not the system's temporary folder: it holds customers' names), copied after
 * the first, and removed. Either way the text passes through a few buffers used over and over, so that neither
 * thread's memory grows with the file.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import type { ExportKind } from './export-csv';
import type { ExportFilter, ExportJob } from './export-job';
import {
  SHARED_BYTES,
  SHARED_SLOTS,
  type ExportPartData,
  type FromExportPart,
  type ToExportPart,
} from './export-parts-protocol';

const PARTS = 2;
/**
 * Each row makes short-lived objects by the dozen; V8 would let a thread's young generation grow to 48 MB before
 * collecting them, and two workers would then add a hundred megabytes to Till for the length of an export. A small one
 * is collected more often, for little more work: almost nothing in it outlives a row (docs/benchmarks.md).
 */
const WORKER_YOUNG_GENERATION_MB = 4;
/** How long the workers may take to open their snapshots before the export gives up. */
const SNAPSHOT_TIMEOUT_MS = 10_000;

/** A worker's script, and what Node needs to run it. */
export interface ExportWorkerScript {
  url: URL;
  execArgv: string[];
}

/**
 * The worker's script: beside this module's bundle in the desktop app (a build entry of its own,
 * electron.vite.config.ts); its TypeScript source, through tsx, when Till runs from source (the browser preview,
 * tests). The bench and a packaging test run the built script from source (createTill's `exportWorker`).
 */
export function exportWorkerScript(built?: URL): ExportWorkerScript {
  if (built) return { url: built, execArgv: [] };
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fromSource ? './export-worker.ts' : './export-worker.js';
  return { url: new URL(file, import.meta.url), execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

/** One part's worker, its messages queued until they are read. */
function startPart(data: ExportPartData, { url, execArgv }: ExportWorkerScript) {
  const worker = new Worker(url, {
    workerData: data,
    execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const queue: FromExportPart[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {}); // heard through `failed` by whoever races it, or through `next`
  const hear = (message: FromExportPart) => {
    // A worker always exits in the end, stopped or not: an exit after its part is written is no failure.
    if (done) return;
    if (message.type === 'done') done = true;
    if (message.type === 'failed') fail(new Error(`The export failed: ${message.message}`));
    queue.push(message);
    wake?.();
    wake = null;
  };
  worker.on('message', hear);
  worker.on('error', (error) => hear({ type: 'failed', message: error.message }));
  worker.on('exit', (code) => hear({ type: 'failed', message: `the export's worker stopped (code ${code})` }));
  return {
    worker,
    /** Rejects as soon as the worker fails, whatever message is being waited for meanwhile. */
    failed,
    /** The next message; a failure is thrown. */
    async next(): Promise<FromExportPart> {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift()!;
      return message.type === 'failed' ? failed : message;
    },
    tell: (message: ToExportPart, transfer: ArrayBuffer[]) => worker.postMessage(message, transfer),
  };
}
type Part = ReturnType<typeof startPart>;

/** The part's next message, which must be of `type`. */
async function receive<T extends FromExportPart['type']>(part: Part, type: T) {
  const message = await part.next();
  if (message.type !== type) throw new Error(`The export's worker said ${message.type} before ${type}.`);
  return message as Extract<FromExportPart, { type: T }>;
}

/** `till.sqlite.export-<id>.part`, beside the order log. */
const partFileName = (logFile: string) => `${logFile}.export-${randomUUID()}.part`;
const PART_FILE = /^.+\.export-[0-9a-f-]{36}\.part$/;

/**
 * Removes the second parts that a Till stopped mid-export (a crash, a power cut) left beside the order log: they
 * hold customers' names. Called as Till opens its log, when no export of its own is running.
 */
export function removeLeftoverParts(logFile: string): string[] {
  const prefix = `${basename(logFile)}.export-`;
  const leftovers = readdirSync(dirname(logFile)).filter((name) => name.startsWith(prefix) && PART_FILE.test(name));
  for (const name of leftovers) rmSync(join(dirname(logFile), name), { force: true });
  return leftovers;
}

/** The workers did not start (their script missing from a build, say): nothing was read or written yet. */
export class WorkersUnavailable extends Error {
  override name = 'WorkersUnavailable';
}

/**
 * Holds this thread (see the top of the file) until `count` workers have taken their snapshots. Atomics.wait sleeps
 * meanwhile where the thread may block; where it may not (a host that refuses it on its main thread), the loop looks
 * again at once: the wait is that short.
 */
function waitForSnapshots(shared: Int32Array, count: number) {
  const deadline = Date.now() + SNAPSHOT_TIMEOUT_MS;
  for (;;) {
    const taken = Atomics.load(shared, SHARED_SLOTS.snapshots);
    if (taken >= count) return;
    if (Date.now() > deadline) throw new WorkersUnavailable('the workers did not open the order log in time');
    try {
      Atomics.wait(shared, SHARED_SLOTS.snapshots, taken, 5);
    } catch {
      // This thread may not block: look again.
    }
  }
}

export function exportInParts({
  script = exportWorkerScript(),
  ...options
}: {
  file: string;
  kind: ExportKind;
  filter: ExportFilter;
  script?: ExportWorkerScript;
}): ExportJob {
  const shared = new Int32Array(new SharedArrayBuffer(SHARED_BYTES));
  const secondFile = partFileName(options.file);
  const parts = Array.from({ length: PARTS }, (_, part) =>
    startPart(
      {
        ...options,
        part,
        parts: PARTS,
        partFile: part === 0 ? null : secondFile,
        shared: shared.buffer as SharedArrayBuffer,
      },
      script,
    ),
  );
  const [first, ...rest] = parts as [Part, ...Part[]];

  /** Every part's snapshot taken (see the top of the file); resolves to the rows the export will write. */
  async function openSnapshots(): Promise<number> {
    try {
      for (const part of parts) await receive(part, 'ready');
    } catch (error) {
      throw new WorkersUnavailable(error instanceof Error ? error.message : String(error));
    }
    Atomics.store(shared, SHARED_SLOTS.go, 1);
    Atomics.notify(shared, SHARED_SLOTS.go);
    waitForSnapshots(shared, PARTS);
    // Nothing is read or written yet: a failure from here on is the export's own.
    return (await receive(first, 'total')).rows;
  }
  const total = openSnapshots();

  /** Everything written to `out` has been written when this resolves: its buffer may be used again. */
  const write = (out: Writable, chunk: Buffer) =>
    new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));

  async function writeTo(out: Writable, signal: AbortSignal) {
    const canceled = new Promise<never>((_, reject) => {
      const stop = () => reject(Object.assign(new Error('The export was canceled.'), { name: 'AbortError' }));
      if (signal.aborted) stop();
      signal.addEventListener('abort', stop, { once: true });
    });
    // Listening from the start: a file that cannot be written (the disk full) fails the export instead of the
    // process, and a download the browser dropped stops it.
    const outFinished = finished(out);
    const outFailed = outFinished.then(() => new Promise<never>(() => {}));
    for (const heard of [canceled, outFailed]) heard.catch(() => {}); // heard through the races below
    // Any step stops at a cancel, a failed file, or a failure of the second part, which would otherwise be heard
    // only once the whole first half is written.
    const unlessStopped = <T>(step: Promise<T>) =>
      Promise.race([step, canceled, outFailed, ...rest.map((part) => part.failed)]);

    await unlessStopped(total);
    for (;;) {
      const message = await unlessStopped(first.next());
      if (message.type === 'done') break;
      if (message.type !== 'chunk') throw new Error(`The export's worker said ${message.type} mid-file.`);
      await unlessStopped(write(out, Buffer.from(message.bytes, 0, message.length)));
      first.tell({ type: 'written', bytes: message.bytes }, [message.bytes]);
    }
    for (const part of rest) await unlessStopped(receive(part, 'done'));
    // The second part, through one buffer used over and over, for the same reason as the first's.
    const file = await open(secondFile, 'r');
    try {
      const buffer = Buffer.allocUnsafeSlow(256 * 1024);
      for (;;) {
        const { bytesRead } = await unlessStopped(file.read(buffer, 0, buffer.length, null));
        if (bytesRead === 0) break;
        await unlessStopped(write(out, buffer.subarray(0, bytesRead)));
      }
    } finally {
      await file.close();
    }
    out.end();
    await Promise.race([outFinished, canceled]);
  }

  let closed: Promise<void> | null = null;
  return {
    writeTo,
    total,
    written: () => Atomics.load(shared, SHARED_SLOTS.rows),
    close: () =>
      (closed ??= (async () => {
        total.catch(() => {}); // a failure to open was the caller's to hear, through `total`
        await Promise.all(parts.map((part) => part.worker.terminate()));
        // Retried: Windows refuses to remove a file that a stopping thread still has open. Should it still refuse
        // (an antivirus holding it), the export stands: the next start of Till removes the part (orders-export.ts).
        await rm(secondFile, { force: true, maxRetries: 5, retryDelay: 100 }).catch(() => {});
      })()),
  };
}
