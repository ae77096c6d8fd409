import type { Migration } from '../migrate';

/**
 * A row Till writes at a quiet moment only to start the WAL over (db/wal-restart.ts): the write that starts it over
 * pays a flush of its own, which would otherwise fall on the next payment. The write puts back what was there, so
 * the log's content never changes by it (SQLite writes the row's page all the same).
 */
export const walRestarts: Migration = {
  version: 15,
  name: 'wal-restarts',
  up(db) {
    db.exec(`
      CREATE TABLE wal_restarts (
        only INTEGER PRIMARY KEY CHECK (only = 1)
      ) STRICT;
      INSERT INTO wal_restarts (only) VALUES (1);
    `);
  },
};
