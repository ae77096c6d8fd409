/**
 * Starts the WAL over at a quiet moment, so that a payment never pays for it.
 *
 * Once a checkpoint has copied the whole WAL back into the database (checkpointer.ts says so), the next write starts
 * the WAL over from its beginning, and SQLite flushes the WAL's new header to the disk before that write's frames (a
 * write after a restart could otherwise land out of order and corrupt the log on a power cut). That is a second
 * flush, and at a counter's pace (a payment every minute or so, a checkpoint a second after each) it fell on every
 * payment's pending commit, which the clerk waits for with the customer on the phone.
 *
 * So the main thread, the log's only writer, makes that write itself when nothing is under way: one row of its own
 * (`wal_restarts`) written back as it was, so the log's content never changes by it, at `synchronous = NORMAL` (the
 * header is flushed all the same; the page reaches the disk with the next FULL commit). The payment that follows appends to the WAL and flushes once. Should a payment be under way, it
 * waits; should another write have come first, the WAL was already started over and this one only appends a frame.
 * It never tells the checkpointer, which would otherwise checkpoint it and say so again, round and round.
 */
import type { Logger } from '../log';
import { createDurability } from './durability';
import type { Db } from './open';

/** How soon a restart held back by a payment under way looks again. */
const RETRY_MS = 250;

export interface WalRestartTally {
  /** Restart writes made. */
  count: number;
  /** Time the main thread spent in them, in ms: a bench counts it as Till's. */
  ms: number;
}

export interface WalRestart {
  /** The checkpointer copied the whole WAL back: start it over when quiet. */
  caughtUp(): void;
  tally(): WalRestartTally;
  /** Drops a restart still waiting (before the log closes). */
  stop(): void;
}

export function createWalRestart(db: Db, { busy, log }: { busy: () => boolean; log: Pick<Logger, 'warn'> }) {
  // Not the durability Till's writes use: that one tells the checkpointer of each write.
  const durability = createDurability(db);
  const touch = db.prepare('UPDATE wal_restarts SET only = only');
  const tally: WalRestartTally = { count: 0, ms: 0 };
  let pending: NodeJS.Timeout | null = null;

  function restart() {
    pending = null;
    if (!db.open) return;
    if (db.inTransaction || busy()) {
      pending = setTimeout(restart, RETRY_MS).unref();
      return;
    }
    const started = performance.now();
    try {
      durability.deferred(() => touch.run());
      tally.count += 1;
    } catch (error) {
      // Nothing is lost: the next payment starts the WAL over itself, as it did before.
      log.warn({ err: error }, 'could not start the WAL over at a quiet moment');
    }
    tally.ms += performance.now() - started;
  }

  return {
    caughtUp() {
      pending ??= setTimeout(restart, 0).unref();
    },
    tally: () => ({ ...tally }),
    stop() {
      if (pending) clearTimeout(pending);
      pending = null;
    },
  } satisfies WalRestart;
}
