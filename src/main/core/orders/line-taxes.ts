/**
 * Each tax of each line, for the lines file. Till stores each line's tax as one amount and each order's taxes by
 * name; a line's share of one tax is the order's amount of that tax shared out, by subtotal, over the lines whose
 * tax class carries it — the same largest-remainder split checkout used (tax.ts), so a line's taxes add up to its
 * stored tax and each tax column of the lines adds up to the order's.
 */
import { allocate } from './tax';

export type LineTaxSplit = ReadonlyMap<string, number>;

interface StoredTax {
  name: string;
  amount: number;
}

/** An order's taxes (its stored JSON) as amounts by name; two rates of one name add up. */
export function taxesByName(json: string): Map<string, number> {
  const byName = new Map<string, number>();
  // Most orders' taxes are one or two entries; an order without taxes is '[]' and needs no parsing.
  if (json === '[]') return byName;
  for (const tax of JSON.parse(json) as StoredTax[]) byName.set(tax.name, (byName.get(tax.name) ?? 0) + tax.amount);
  return byName;
}

/** What a line's share of its order's taxes depends on. */
export interface TaxedLine {
  taxClass: string;
  subtotal: number;
  tax: number;
}

export function splitLineTaxes(
  orderTaxes: string,
  lines: readonly TaxedLine[],
  classTaxes: ReadonlyMap<string, readonly string[]>,
): Map<string, number>[] {
  // An order of one line: its taxes are that line's.
  if (lines.length === 1) return [taxesByName(orderTaxes)];
  const split = lines.map(() => new Map<string, number>());
  for (const [name, amount] of taxesByName(orderTaxes)) {
    // Plain loops: this runs for every order of a lines export, a million times.
    let eligible: number[] = [];
    let taxedSubtotal = 0;
    for (let i = 0; i < lines.length; i++) {
      if (classTaxes.get(lines[i]!.taxClass)?.includes(name)) {
        eligible.push(i);
        taxedSubtotal += lines[i]!.subtotal;
      }
    }
    // Rates only change at set-up, before there are orders; should a class have lost a tax since, the lines that
    // were taxed carry it.
    if (taxedSubtotal === 0) {
      eligible = [];
      for (let i = 0; i < lines.length; i++) if (lines[i]!.tax > 0) eligible.push(i);
    }
    const shares = lines.map(() => 0);
    allocate(amount, eligible, lines, shares);
    for (let i = 0; i < lines.length; i++) split[i]!.set(name, shares[i]!);
  }
  return split;
}
