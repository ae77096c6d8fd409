import { describe, expect, it } from 'vitest';
import { computeTaxes, taxOn, type TaxTable } from '#core/orders/tax';

const BC: TaxTable = new Map([
  [
    'standard',
    [
      { name: 'GST', rateBp: 500 },
      { name: 'PST', rateBp: 700 },
    ],
  ],
  ['gst_only', [{ name: 'GST', rateBp: 500 }]],
  ['zero_rated', []],
]);

describe('taxOn', () => {
  it.each([
    [1000, 500, 50],
    [1, 500, 0], // 0.05¢ rounds down
    [10, 500, 1], // exactly half a cent rounds up
    [9, 500, 0], // 0.45¢
    [2895, 500, 145], // 144.75¢
    [1299, 700, 91], // 90.93¢
    [0, 700, 0],
    [18999, 700, 1330], // 1329.93¢
  ])('%i¢ at %i bp is %i¢', (base, rate, expected) => {
    expect(taxOn(base, rate)).toBe(expected);
  });

  it('refuses fractional or negative bases', () => {
    expect(() => taxOn(10.5, 500)).toThrow(RangeError);
    expect(() => taxOn(-100, 500)).toThrow(RangeError);
  });
});

describe('computeTaxes for BC (GST 5% + PST 7%)', () => {
  it('taxes a single standard line with both taxes', () => {
    const result = computeTaxes([{ subtotal: 5995, taxClass: 'standard' }], BC);
    expect(result.taxes).toEqual([
      { name: 'GST', rateBp: 500, base: 5995, amount: 300 }, // 299.75
      { name: 'PST', rateBp: 700, base: 5995, amount: 420 }, // 419.65
    ]);
    expect(result.lineTaxes).toEqual([720]);
    expect(result.taxTotal).toBe(720);
  });

  it('rounds per order, not per line: three 3¢ items make 9¢ of GST base', () => {
    // Per line, 5% of 3¢ is 0.15¢ → 0 each; on the order it is 0.45¢ → 0. Ten such lines: 1.5¢ → 2¢.
    const lines = Array.from({ length: 10 }, () => ({ subtotal: 3, taxClass: 'gst_only' }));
    const result = computeTaxes(lines, BC);
    expect(result.taxTotal).toBe(2);
    expect(result.lineTaxes.reduce((a, b) => a + b, 0)).toBe(2);
    expect(result.lineTaxes.filter((t) => t === 1)).toHaveLength(2);
  });

  it('applies PST only to the lines that carry it, and nothing to zero-rated lines', () => {
    const result = computeTaxes(
      [
        { subtotal: 2895, taxClass: 'gst_only' }, // hard hat
        { subtotal: 5995, taxClass: 'standard' }, // extinguisher
        { subtotal: 5000, taxClass: 'zero_rated' }, // gift card
      ],
      BC,
    );
    expect(result.taxes).toEqual([
      { name: 'GST', rateBp: 500, base: 8890, amount: 445 }, // 444.5 → 445
      { name: 'PST', rateBp: 700, base: 5995, amount: 420 },
    ]);
    expect(result.lineTaxes[2]).toBe(0);
    expect(result.lineTaxes[0]! + result.lineTaxes[1]!).toBe(865);
    expect(result.taxTotal).toBe(865);
  });

  it('an order of only zero-rated lines has no tax at all', () => {
    const result = computeTaxes([{ subtotal: 5000, taxClass: 'zero_rated' }], BC);
    expect(result).toEqual({ taxes: [], lineTaxes: [0], taxTotal: 0 });
  });

  it('line taxes always add up to the order tax', () => {
    // A deterministic spread of awkward amounts.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: 1 + (next() % 8) }, () => ({
        subtotal: next() % 50_000,
        taxClass: ['standard', 'gst_only', 'zero_rated'][next() % 3]!,
      }));
      const result = computeTaxes(lines, BC);
      expect(result.lineTaxes.reduce((a, b) => a + b, 0)).toBe(result.taxTotal);
      for (const tax of result.taxes) expect(tax.amount).toBe(taxOn(tax.base, tax.rateBp));
    }
  });

  it('refuses a line whose tax class has no rates defined', () => {
    expect(() => computeTaxes([{ subtotal: 100, taxClass: 'luxury' }], BC)).toThrow(/tax class "luxury"/);
  });
});
