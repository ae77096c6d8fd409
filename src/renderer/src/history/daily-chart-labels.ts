/**
 * The words around the daily sales chart: its caption and the labels under its bars. Pure, so that they are tested
 * without a canvas; DailySalesChart.tsx gives uPlot the steps and the labels.
 */
import { localMidnight } from '#shared/local-day';

/** uPlot's time scale counts seconds. */
const DAY = 86_400;
/** uPlot's time axis puts a step from 30 days up to (not including) 365 days on the 1st of calendar months. */
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/**
 * The steps uPlot may choose between ticks (its `incrs`): whole days, weeks, then calendar months. Its own list starts
 * at milliseconds, so a short range got hourly ticks and each day's label several times.
 */
export const DAY_STEPS = [DAY, 2 * DAY, 3 * DAY, 7 * DAY, 14 * DAY, MONTH, 2 * MONTH, 3 * MONTH, 6 * MONTH, YEAR];

const dayOfMonth = new Intl.DateTimeFormat('en-CA', { month: 'short', day: 'numeric' });
const dayOfYear = new Intl.DateTimeFormat('en-CA', { month: 'short', day: 'numeric', year: 'numeric' });
const month = new Intl.DateTimeFormat('en-CA', { month: 'short' });
const monthOfYear = new Intl.DateTimeFormat('en-CA', { month: 'short', year: 'numeric' });
/** A day in full: the caption's end, and the screen reader table's rows. */
export const dayInFull = new Intl.DateTimeFormat('en-CA', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});

/**
 * The label of each tick (seconds, local midnights) for the step uPlot chose: "Dec 7" a day apart or a few; "Jan" a
 * month apart or more, with its year on the first tick and on each January, so that a year reads as one.
 */
export function tickLabels(ticks: readonly number[], step: number): string[] {
  if (step < MONTH) return ticks.map((tick) => dayOfMonth.format(tick * 1000));
  return ticks.map((tick, i) => {
    const date = new Date(tick * 1000);
    return (i === 0 || date.getMonth() === 0 ? monthOfYear : month).format(date);
  });
}

/**
 * "Dec 5 – Mon, Dec 7, 2026" for the days of the chart (YYYY-MM-DD); the start shows its own year when it is another
 * (a year's range from Dec 7 otherwise read as a single day), and one day is named once.
 */
export function chartRange(first: string, last: string): string {
  const end = dayInFull.format(localMidnight(last));
  if (first === last) return end;
  const start = (first.slice(0, 4) === last.slice(0, 4) ? dayOfMonth : dayOfYear).format(localMidnight(first));
  return `${start} – ${end}`;
}
