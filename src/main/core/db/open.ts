import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createPrivateFile, makePrivateDir, restrictToOwner } from '../keys/private-file';
import { assertCompatible, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { registerSearchFold } from './search-fold';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the order log. Checks compatibility before touching the file, then sets the
 * durability pragmas a payments log needs: WAL for concurrent reads, `synchronous = FULL` so a committed
 * payment survives a power cut (this build defaults WAL to NORMAL), and enforced foreign keys.
 *
 * The log (customers' names and phones, what they bought) is readable by the user only: a new one is made 0600
 * before SQLite opens it, so SQLite creates its -wal and -shm with that mode too; an older Till's log, once known to
 * be Till's, is made 0600 with whatever -wal and -shm it left.
 */
export function openDatabase(file: string): Db {
  const onDisk = file !== ':memory:';
  if (onDisk && !existsSync(file)) {
    makePrivateDir(dirname(file));
    createPrivateFile(file);
  }
  const db = new Database(file);
  try {
    assertCompatible(db, MIGRATIONS);
    if (onDisk) for (const suffix of ['', '-wal', '-shm']) restrictToOwner(`${file}${suffix}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    registerSearchFold(db);
    migrate(db, MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
