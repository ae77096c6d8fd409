/**
 * Sales tax, in integer minor units. Each tax (GST, PST, …) is computed once per order on the sum of the lines it
 * applies to, rounded half up to the cent — so an order's tax never drifts from what a calculator gives for its
 * total, however many lines it has. That order-level tax is then shared out to the lines (largest remainder), so
 * that line taxes always add up to the order's tax exactly.
 */
export interface TaxRate {
  name: string;
  /** Basis points: 500 = 5%. */
  rateBp: number;
}

export type TaxTable = ReadonlyMap<string, readonly TaxRate[]>;

export interface TaxableLine {
  subtotal: number;
  taxClass: string;
}

export interface TaxBreakdown {
  /** One entry per tax that applies to the order, in the order of the table. */
  taxes: { name: string; rateBp: number; base: number; amount: number }[];
  /** Tax allocated to each line, in the order given. */
  lineTaxes: number[];
  taxTotal: number;
}

/** Rounds base × rate to the nearest minor unit, halves up (base and rate are non-negative integers). */
export function taxOn(base: number, rateBp: number): number {
  if (!Number.isSafeInteger(base) || base < 0) throw new RangeError(`Tax base must be a whole, non-negative amount`);
  return Math.floor((base * rateBp + 5_000) / 10_000);
}

export function computeTaxes(lines: readonly TaxableLine[], table: TaxTable): TaxBreakdown {
  const lineTaxes = lines.map(() => 0);
  const byName = new Map<string, { name: string; rateBp: number; base: number; lines: number[] }>();

  lines.forEach((line, index) => {
    const rates = table.get(line.taxClass);
    if (!rates) throw new Error(`No tax rates are defined for tax class "${line.taxClass}"`);
    for (const rate of rates) {
      const key = `${rate.name}@${rate.rateBp}`;
      const entry = byName.get(key) ?? { name: rate.name, rateBp: rate.rateBp, base: 0, lines: [] };
      entry.base += line.subtotal;
      entry.lines.push(index);
      byName.set(key, entry);
    }
  });

  const taxes = [...byName.values()].map((entry) => {
    const amount = taxOn(entry.base, entry.rateBp);
    allocate(amount, entry.lines, lines, lineTaxes);
    return { name: entry.name, rateBp: entry.rateBp, base: entry.base, amount };
  });
  return { taxes, lineTaxes, taxTotal: taxes.reduce((sum, tax) => sum + tax.amount, 0) };
}

/** Shares `amount` across lines in proportion to their subtotals; leftover cents go to the largest remainders. */
export function allocate(amount: number, indexes: number[], lines: readonly TaxableLine[], into: number[]): void {
  const base = indexes.reduce((sum, i) => sum + lines[i]!.subtotal, 0);
  if (base === 0 || amount === 0) return;
  const shares = indexes.map((i) => {
    const exact = (amount * lines[i]!.subtotal) / base;
    return { i, whole: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = amount - shares.reduce((sum, share) => sum + share.whole, 0);
  shares.sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const share of shares) {
    into[share.i]! += share.whole + (left > 0 ? 1 : 0);
    if (left > 0) left -= 1;
  }
}
