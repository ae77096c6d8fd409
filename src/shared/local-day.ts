/**
 * Calendar days on the shop PC's clock, as the owner means them ("orders of November 3"). Main filters and charts
 * by them and the renderer draws them; SQLite's 'localtime' reads the same clock, so all three agree.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** Local midnight of a YYYY-MM-DD day, `addDays` later (days, not 24-hour steps: right across DST changes). */
export function localMidnight(day: string, addDays = 0): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + addDays).getTime();
}

/** The YYYY-MM-DD of an instant. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2026-11-22 14:05": sorts as text, and spreadsheets read it as a date and time. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${localDay(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
