import type { Migration } from '../migrate';

/**
 * End of day: a day the owner or a manager closed, with its figures as they were at that moment (JSON, as
 * end-of-day/day-figures.ts makes them). A closed day keeps them; later changes to that day (a refund, a lost
 * dispute) are shown as adjustments against them, never written over them.
 */
export const dayCloses: Migration = {
  version: 12,
  name: 'day-closes',
  up(db) {
    db.exec(`
      CREATE TABLE day_closes (
        day        TEXT PRIMARY KEY,                 -- YYYY-MM-DD on the shop's clock
        figures    TEXT NOT NULL,                    -- JSON: the day's figures when it was closed
        staff_id   TEXT REFERENCES staff (id),
        closed_at  INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
