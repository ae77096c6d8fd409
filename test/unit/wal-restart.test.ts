/**
 * After a checkpoint has copied the whole WAL back, the write that follows starts the WAL over and flushes its new
 * header first: a second flush. Till makes that write itself at a quiet moment, so the next payment appends and
 * flushes once. Seen here through the WAL header's salt, which SQLite changes each time the WAL starts over.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from '#core/db/checkpointer';
import { openDatabase, type Db } from '#core/db/open';
import { createWalRestart } from '#core/db/wal-restart';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

const log = { warn: () => {} };

/** Polls until `check` holds, as the background worker gets there in its own time. */
const eventually = (check: () => boolean, what: string) => waitFor(check, what, { timeoutMs: 5_000, intervalMs: 20 });

describe('starting the WAL over at a quiet moment', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let db: Db;
  let checkpointer: Checkpointer | null = null;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'till.sqlite');
    db = openDatabase(file);
  });
  afterEach(async () => {
    await checkpointer?.close();
    checkpointer = null;
    if (db.open) db.close();
    dir.cleanup();
  });

  /** The WAL header's salt-1 (bytes 16–19), which a restart of the WAL changes. */
  function walSalt(): number {
    const fd = openSync(`${file}-wal`, 'r');
    try {
      const header = Buffer.alloc(32);
      readSync(fd, header, 0, 32, 0);
      return header.readUInt32BE(16);
    } finally {
      closeSync(fd);
    }
  }

  let n = 0;
  /** A payment's kind of write: a commit at synchronous = FULL, heard of by the checkpointer. */
  function write() {
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run(`k${n++}`, '1', Date.now());
    checkpointer!.written();
  }

  it('leaves the next payment a WAL to append to, not one to start over', async () => {
    let busy = false;
    let caughtUp = 0;
    const restart = createWalRestart(db, { busy: () => busy, log });
    checkpointer = startCheckpointer(db, log, {
      caughtUp: () => {
        caughtUp += 1;
        restart.caughtUp();
      },
    });

    write();
    const before = walSalt();
    await eventually(() => restart.tally().count === 1, 'the quiet restart write');
    const restarted = walSalt();
    expect(restarted).not.toBe(before); // the quiet write started it over
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL again for the payments that follow

    // The payment that follows appends to the WAL just started.
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('payment', '1', Date.now());
    expect(walSalt()).toBe(restarted);

    // While a payment is under way, the restart waits for it to end.
    busy = true;
    checkpointer.written();
    await eventually(() => caughtUp === 2, 'the second caught-up checkpoint');
    await new Promise((resolve) => setTimeout(resolve, 600)); // two looks at whether the payment has ended
    expect(restart.tally().count).toBe(1);
    busy = false;
    await eventually(() => restart.tally().count === 2, 'the restart once the payment ended');
    expect(restart.tally().ms).toBeGreaterThan(0);
    restart.stop();
  });

  it('without it, the write after a checkpoint is the one that starts the WAL over', async () => {
    let caughtUp = 0;
    checkpointer = startCheckpointer(db, log, { caughtUp: () => (caughtUp += 1) });
    write();
    const before = walSalt();
    await eventually(() => caughtUp === 1, 'a caught-up checkpoint');
    expect(walSalt()).toBe(before);
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('payment', '1', Date.now());
    expect(walSalt()).not.toBe(before);
  });
});
