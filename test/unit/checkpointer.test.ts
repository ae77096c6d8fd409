import { execFile } from 'node:child_process';
import { statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '#core/db/checkpointer';
import { openDatabase, type Db } from '#core/db/open';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

const warnings: unknown[] = [];
const log = { warn: (details: unknown) => void warnings.push(details) };

/** Polls until `check` holds, as the background worker gets there in its own time. */
const eventually = (check: () => boolean, what: string) => waitFor(check, what, { timeoutMs: 3_000, intervalMs: 20 });

describe('the background checkpointer', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let db: Db;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'till.sqlite');
    db = openDatabase(file);
    warnings.length = 0;
  });
  afterEach(() => {
    if (db.open) db.close();
    dir.cleanup();
  });

  it('copies committed pages into the database file off the main thread, which no longer checkpoints small WALs', async () => {
    const checkpointer = startCheckpointer(db, log);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(20_000);
    const before = statSync(file).size;
    db.exec('CREATE TABLE filler (x TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(2_000));
    })();
    expect(statSync(file).size).toBe(before); // still only in the WAL
    checkpointer.written();
    await eventually(() => statSync(file).size > before + 500 * 2_000, 'the pages copied into the database file');
    await checkpointer.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    expect(warnings).toEqual([]);
  });

  it('hands checkpoints back to SQLite when the worker cannot run', async () => {
    unlinkSync(file); // the worker opens the log by name and must find it
    startCheckpointer(db, log);
    await eventually(() => warnings.length > 0, 'a warning that the worker stopped');
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
  });

  it('keeps the process alive until it has stopped, so a last `await close()` completes', async () => {
    db.close();
    // A script whose only pending work is the close: Node must not exit before the worker has stopped.
    const script = join(dir.path, 'close-last.mts');
    const checkpointerModule = resolve('src/main/core/db/checkpointer.ts');
    const openModule = resolve('src/main/core/db/open.ts');
    writeFileSync(
      script,
      `import { startCheckpointer } from ${JSON.stringify(checkpointerModule)};
       import { openDatabase } from ${JSON.stringify(openModule)};
       const db = openDatabase(${JSON.stringify(file)});
       const checkpointer = startCheckpointer(db, console);
       checkpointer.written();
       await checkpointer.close();
       db.close();
       console.log('closed');`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('closed');
  });
});
