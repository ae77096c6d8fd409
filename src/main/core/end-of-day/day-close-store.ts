/** Closed days (migration 0012): each with its figures as they were when it was closed, kept as they were. */
import type { DayFigures } from '#shared/contract';
import type { Db } from '../db/open';

interface CloseRow {
  figures: string;
  closed_at: number;
  by: string | null;
}

export function createDayCloseStore(db: Db, now: () => number = Date.now) {
  const get = db.prepare<[string], CloseRow>(
    `SELECT c.figures, c.closed_at, s.name AS by
       FROM day_closes c LEFT JOIN staff s ON s.id = c.staff_id WHERE c.day = ?`,
  );
  // A day is closed once: INSERT, never REPLACE, so the figures first kept cannot be written over.
  const insert = db.prepare(
    'INSERT INTO day_closes (day, figures, staff_id, closed_at) VALUES (?, ?, ?, ?) ON CONFLICT (day) DO NOTHING',
  );
  return {
    get(day: string): { at: number; by: string | null; figures: DayFigures } | null {
      const row = get.get(day);
      return row ? { at: row.closed_at, by: row.by, figures: JSON.parse(row.figures) as DayFigures } : null;
    },
    /** False when the day was already closed. */
    close(day: string, figures: DayFigures, staffId: string | null): boolean {
      return insert.run(day, JSON.stringify(figures), staffId, now()).changes > 0;
    },
  };
}
export type DayCloseStore = ReturnType<typeof createDayCloseStore>;
