/** Amounts as Stripe writes them in messages ("$20.00"). */
const SYMBOLS: Record<string, string> = { usd: '$', cad: '$', aud: '$', nzd: '$', eur: '€', gbp: '£' };
/** Currencies without minor units (amounts are whole units). */
export const ZERO_DECIMAL = new Set([
  'jpy',
  'krw',
  'vnd',
  'clp',
  'pyg',
  'xaf',
  'xof',
  'ugx',
  'rwf',
  'mga',
  'kmf',
  'gnf',
  'bif',
  'djf',
  'vuv',
  'xpf',
]);

export function formatAmount(amount: number, currency: string): string {
  const symbol = SYMBOLS[currency] ?? '';
  const value = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return symbol ? `${symbol}${value}` : `${value} ${currency.toUpperCase()}`;
}
