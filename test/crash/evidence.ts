import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '#core/create-till';
import type { SimulatorPlugin } from '@till/stripe-simulator';

/**
 * What the simulator saw of each idempotency key, for the crash harnesses to tell where a kill landed: the request
 * arrived; Stripe committed an answer it stands by (200, or 402 for a decline); a resend met the first request
 * still running (409). `plugin` goes into the simulator's plugins.
 */
export function trackIdempotencyKeys() {
  const keys = { arrived: new Set<string>(), committed: new Set<string>(), inUse: 0 };
  const plugin: SimulatorPlugin = (app, context) => {
    app.server.on('request', (request: IncomingMessage) => {
      const key = request.headers['idempotency-key'];
      if (typeof key === 'string') keys.arrived.add(key);
    });
    context.requestLog.subscribe((entry) => {
      if (entry.idempotencyKey && (entry.status === 200 || entry.status === 402))
        keys.committed.add(entry.idempotencyKey);
      if (entry.status === 409) keys.inUse++;
    });
  };
  return { keys, plugin };
}

/** Reads the order log a killed (or stopped) Till left in `dataDir`, with a connection of the harness's own. */
export function readLog<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, DATABASE_FILE), { fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
