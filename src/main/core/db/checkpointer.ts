/**
 * Checkpoints the order log on a worker thread.
 *
 * In WAL mode every commit appends pages to the -wal file; a checkpoint copies them back into the database file
 * and flushes it to disk. SQLite runs one by itself inside the commit that crosses 1,000 pages, on whatever thread
 * committed: a payment or a page of Stripe events would then wait for the copy and two disk flushes. Here a second
 * connection on a worker thread checkpoints after writes instead (PASSIVE: it never blocks the writer), so
 * the main thread only appends. SQLite's own checkpoint stays as a safety net at a higher mark, and goes back to its
 * default should the worker fail.
 *
 * The worker only checkpoints; it never writes. Letting it start the WAL over itself after a checkpoint (a write that
 * changes nothing) saved the next payment a WAL-header flush, but it made the worker a second writer: a deferred
 * transaction on the main thread that read before the worker's write and wrote after it failed at once with
 * SQLITE_BUSY_SNAPSHOT ("database is locked"), which no busy timeout waits out. Tried and taken back (issue 17).
 * Instead the worker says when a checkpoint has copied the whole WAL back (`caughtUp`), and the main thread, the
 * only writer, starts it over at a quiet moment (wal-restart.ts).
 *
 * The worker is a few lines of CommonJS given as source, so it runs the same under tsx, Vitest and the bundled
 * Electron main process without a separate build entry; it loads the same better-sqlite3 the main thread uses.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import type { Db } from './open';

/** SQLite's default: what the main connection falls back to when no worker checkpoints. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;
/** With the worker running, SQLite checkpoints on the main thread only if the WAL grows past this. */
const SAFETY_AUTOCHECKPOINT_PAGES = 20_000;
/**
 * A checkpoint costs two disk flushes whatever it copies, so writes are gathered: a second after the first, or at
 * once when a few have accumulated (a catch-up of Stripe events, a rush of payments). Only a few: the WAL starts
 * over from its beginning only when a checkpoint has caught up with the writer, and a long gather lets a busy writer
 * outrun every checkpoint, so the WAL keeps growing into new file space, which costs more to write than reused
 * space (on the event bench, gathering 3 writes did better than 20 or 1; docs/benchmarks.md).
 */
const GATHER_MS = 1_000;
const GATHER_WRITES = 3;

/**
 * The worker counts the writes it hears of and checkpoints on its own clock, so checkpoints go on even while the
 * main thread is busy for a long stretch (a catch-up of thousands of Stripe events runs without yielding).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let writes = 0;
let timer = null;
function checkpoint() {
  if (timer) clearTimeout(timer);
  timer = null;
  writes = 0;
  try {
    const [{ busy, log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
    // Every frame copied back: the next write starts the WAL over.
    if (busy === 0 && log > 0 && checkpointed === log) parentPort.postMessage({ type: 'caughtUp' });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', message: String((error && error.message) || error) });
  }
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    if (timer) clearTimeout(timer);
    db.close();
    parentPort.close();
    return;
  }
  writes++;
  if (writes >= workerData.gatherWrites) checkpoint();
  else if (!timer) timer = setTimeout(checkpoint, workerData.gatherMs);
});
`;

/** What the worker says after a checkpoint: that it failed, or that it copied the whole WAL back. */
type FromCheckpointWorker = { type: 'failed'; message: string } | { type: 'caughtUp' };

export interface CheckpointerOptions {
  /** Called on the main thread after a checkpoint that copied every frame of the WAL back into the database. */
  caughtUp?: () => void;
}

export interface Checkpointer {
  /** Tells the checkpointer that something was committed; cheap enough to call after every write. */
  written(): void;
  /** Resolves when the worker has stopped (after the checkpoint under way, if any). */
  close(): Promise<void>;
}

export function startCheckpointer(
  db: Db,
  log: Pick<Logger, 'warn'>,
  { caughtUp = () => {} }: CheckpointerOptions = {},
): Checkpointer {
  if (db.memory) return { written() {}, close: async () => {} };

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: db.name,
      gatherMs: GATHER_MS,
      gatherWrites: GATHER_WRITES,
    },
  });
  worker.unref(); // a checkpoint never keeps Till (or a test run) alive
  db.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);

  let alive = true;
  const giveUp = (error: unknown) => {
    if (!alive) return;
    alive = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    log.warn({ err: error }, 'the checkpoint worker stopped; SQLite checkpoints on the main thread again');
  };
  worker.on('error', giveUp);
  worker.on('exit', (code) => {
    if (alive) giveUp(new Error(`checkpoint worker exited with code ${code}`));
  });
  worker.on('message', (message: FromCheckpointWorker) => {
    if (message.type === 'caughtUp') caughtUp();
    else log.warn({ reason: message.message }, 'a background checkpoint failed; the next write retries');
  });

  return {
    written() {
      if (alive) worker.postMessage('written');
    },
    async close() {
      if (!alive) return;
      alive = false;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Unref'd, the worker would not keep the process alive while it stops: a caller awaiting close() with nothing
      // else pending (a script's last step, a test's teardown) would see Node exit with the promise unsettled.
      worker.ref();
      worker.postMessage('close');
      await exited;
      if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    },
  };
}
