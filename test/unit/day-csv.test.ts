import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { DayFigures, EndOfDay } from '#shared/contract';
import { adjustmentsOf } from '#core/end-of-day/adjustments';
import { dayCsv } from '#core/end-of-day/day-csv';

const figures = (overrides: Partial<DayFigures> = {}): DayFigures => ({
  day: '2025-12-07',
  currency: 'CAD',
  orders: 10,
  subtotal: 100_000,
  taxes: [{ name: '=GST', amount: 5_000 }],
  gross: 105_000,
  refunds: { count: 1, amount: 1_455 },
  disputes: { opened: 0, openedAmount: 0, lost: 0, lostAmount: 0 },
  net: 103_545,
  byBrand: [],
  byStaff: [],
  ...overrides,
});

/** The day's CSV for a day closed with `closed` that now adds up to `now`, parsed back into rows. */
function csvRows(closed: DayFigures, now: DayFigures): string[][] {
  const report: EndOfDay = {
    figures: now,
    closed: { at: Date.now(), by: 'Mo Manager', figures: closed },
    adjustments: adjustmentsOf(closed, now),
    stripe: null,
    stripeMessage: null,
  };
  return parse(dayCsv(report)) as string[][];
}

/** The rows after the "Changed since closing" header row. */
const changesIn = (rows: string[][]) => rows.slice(rows.findIndex((row) => row[0] === 'Changed since closing') + 1);

describe("the day's CSV: changes since closing", () => {
  it('gives each figure at closing and now under its own header, counts whole and amounts as decimals', () => {
    const now = figures({
      orders: 11,
      gross: 116_200,
      taxes: [{ name: '=GST', amount: 5_500 }],
      disputes: { opened: 1, openedAmount: 11_200, lost: 1, lostAmount: 11_200 },
      net: 100_545,
    });
    const rows = csvRows(figures(), now);
    expect(rows).toContainEqual(['Changed since closing', 'Figure', 'At closing', 'Now']);
    expect(changesIn(rows)).toEqual([
      ['Changed since closing', 'Orders', '10', '11'],
      ['Changed since closing', 'Gross', '1050.00', '1162.00'],
      // A tax's name is typed by the owner: a spreadsheet must not run it as a formula.
      ['Changed since closing', "'=GST", '50.00', '55.00'],
      ['Changed since closing', 'Disputes lost', '0.00', '112.00'],
      ['Changed since closing', 'Net', '1035.45', '1005.45'],
    ]);
  });

  it('has no such section for a day unchanged since closing', () => {
    const rows = csvRows(figures(), figures());
    expect(rows.some((row) => row[0] === 'Changed since closing')).toBe(false);
  });

  it('writes amounts in the currency’s own decimals (none for yen), the count still whole', () => {
    const closed = figures({ currency: 'JPY', refunds: { count: 1, amount: 500 }, net: 104_500 });
    const now = { ...closed, orders: 11, gross: 115_500, refunds: { count: 2, amount: 1_500 }, net: 114_000 };
    const rows = csvRows(closed, now);
    expect(rows[0]).toEqual(['Section', 'Figure', 'Count', 'Amount (JPY)']);
    expect(changesIn(rows)).toEqual([
      ['Changed since closing', 'Orders', '10', '11'],
      ['Changed since closing', 'Gross', '105000', '115500'],
      ['Changed since closing', 'Refunds', '500', '1500'],
      ['Changed since closing', 'Net', '104500', '114000'],
    ]);
  });
});
