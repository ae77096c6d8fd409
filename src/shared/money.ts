import { stripeExponent } from './currencies';

/** Money is always an integer count of the currency's minor unit; this turns it into words for people. */
/** Building a formatter (and asking it for its digits) costs far more than formatting, so both are kept. */
const formatters = new Map<string, { format: Intl.NumberFormat['format']; minorPerMajor: number }>();

export function formatMoney(minor: number, currency: string, locale = 'en-CA'): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = minorDigits(currency);
    const format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatter = { format: format.format, minorPerMajor: 10 ** digits };
    formatters.set(key, formatter);
  }
  return formatter.format(minor / formatter.minorPerMajor);
}

/**
 * The amount as a plain decimal in major units ("199.49", "-5.00", "1200" for JPY): what a spreadsheet reads as a
 * number. Built from the integer, never through floating point.
 */
export function toDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (!digits) return sign + text;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

const digitsByCurrency = new Map<string, number>();
/**
 * How many decimals the currency's minor unit has: 2 for CAD, 0 for JPY, 3 for KWD — as Stripe counts amounts
 * (shared/currencies.ts); Intl's opinion only for a currency Stripe does not list.
 */
export function minorDigits(currency: string): number {
  const stripe = stripeExponent(currency);
  if (stripe !== undefined) return stripe;
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    // Asked once per currency: building a NumberFormat costs tens of microseconds, and an export asks per cell.
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
