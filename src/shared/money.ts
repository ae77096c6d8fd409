/** Money is always an integer count of the currency's minor unit; this turns it into words for people. */
/** Building a formatter (and asking it for its digits) costs far more than formatting, so both are kept. */
const formatters = new Map<string, { format: Intl.NumberFormat['format']; minorPerMajor: number }>();

export function formatMoney(minor: number, currency: string, locale = 'en-CA'): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    formatter = { format: format.format, minorPerMajor: 10 ** digits };
    formatters.set(key, formatter);
  }
  return formatter.format(minor / formatter.minorPerMajor);
}
