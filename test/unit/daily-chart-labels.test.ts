import { describe, expect, it } from 'vitest';
import { localMidnight } from '#shared/local-day';
import { chartRange, DAY_STEPS, tickLabels } from '../../src/renderer/src/history/daily-chart-labels';

/** Local midnights in seconds, as uPlot hands its ticks to the labels. */
const ticks = (...days: string[]) => days.map((day) => localMidnight(day) / 1000);
const DAY = 86_400;
const MONTH = 30 * DAY;

describe('the daily sales chart’s words', () => {
  it('names one day once, and a range by its first and last day', () => {
    expect(chartRange('2026-12-07', '2026-12-07')).toBe('Mon, Dec 7, 2026');
    expect(chartRange('2026-12-05', '2026-12-07')).toBe('Dec 5 – Mon, Dec 7, 2026');
  });

  it('gives the first day its year when the range starts in another year', () => {
    expect(chartRange('2025-12-07', '2026-12-07')).toBe('Dec 7, 2025 – Mon, Dec 7, 2026');
  });

  it('labels ticks a day or a few apart by their day', () => {
    expect(tickLabels(ticks('2026-12-05', '2026-12-06', '2026-12-07'), DAY)).toEqual(['Dec 5', 'Dec 6', 'Dec 7']);
    expect(tickLabels(ticks('2026-11-28', '2026-11-30', '2026-12-02'), 2 * DAY)).toEqual(['Nov 28', 'Nov 30', 'Dec 2']);
  });

  it('labels ticks a month or more apart by their month, with the year on the first and on January', () => {
    expect(tickLabels(ticks('2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01'), MONTH)).toEqual([
      'Nov 2025',
      'Dec',
      'Jan 2026',
      'Feb',
    ]);
  });

  it('never lets the axis step less than a day, so no day is named twice', () => {
    expect(Math.min(...DAY_STEPS)).toBe(DAY);
    expect(DAY_STEPS.every((step) => step % DAY === 0)).toBe(true);
  });
});
