/** Reads the tax table pricing uses. Only set-up (and migrations) write tax rates. */
import type { Db } from '../db/open';
import type { TaxRate, TaxTable } from './tax';

export function createTaxQueries(db: Db) {
  const rates = db.prepare<[], { tax_class: string; name: string; rate_bp: number }>(
    'SELECT tax_class, name, rate_bp FROM tax_rates ORDER BY sort_order',
  );
  let cached: TaxTable | null = null;
  return {
    /**
     * Every tax class that products may use, with its rates; a class with no rates is zero-rated. Rates change only
     * at set-up (which calls `forget`), so the table is read once.
     */
    table(): TaxTable {
      if (cached) return cached;
      const table = new Map<string, TaxRate[]>([
        ['standard', []],
        ['gst_only', []],
        ['zero_rated', []],
      ]);
      for (const row of rates.all()) {
        const list = table.get(row.tax_class) ?? [];
        list.push({ name: row.name, rateBp: row.rate_bp });
        table.set(row.tax_class, list);
      }
      cached = table;
      return table;
    },
    /** Set-up wrote new rates: read them again next time. */
    forget(): void {
      cached = null;
    },
  };
}
export type TaxQueries = ReturnType<typeof createTaxQueries>;
