import { minorDigits } from '#shared/money';

/**
 * Which of "," and "." is the decimal mark in what was typed, or null when the text cannot say.
 *
 * Canada writes both "1,299.99" and "1 299,99": a clerk in Quebec types "25,50" for twenty-five fifty, and reading
 * that comma as a thousands separator would charge (or refund) a hundred times too much. So:
 *  - both marks: the last one is the decimal mark ("1,299.99", "1.299,99");
 *  - commas only: one comma followed by anything but three digits is a decimal mark ("25,50", "1,5"); commas before
 *    groups of three digits separate thousands ("1,500", "1,000,000"), as in English Canada;
 *  - otherwise a dot, if any, is the decimal mark.
 */
function decimalMark(text: string): ',' | '.' | null {
  const comma = text.lastIndexOf(',');
  const dot = text.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.';
  if (comma < 0) return '.';
  const groups = text.split(',');
  if (groups.length === 2 && groups[1]!.length !== 3) return ',';
  return groups.slice(1).every((group) => group.length === 3) ? '.' : null;
}

/**
 * Parses what a clerk types as an amount of `currency` ("12", "12.5", "25,50", "$1,299.99", "1 299,99") into its
 * minor units (cents for CAD, yen for JPY), or null if it isn't one.
 */
export function parseAmount(text: string, currency: string): number | null {
  // Spaces of any kind separate thousands in French (a narrow no-break space in Intl's fr-CA); "$" may be typed.
  const compact = text.replace(/[$\s\u00a0\u202f]/g, '');
  const mark = decimalMark(compact);
  if (mark === null) return null;
  const [grouped = '', fraction = '', ...more] = compact.split(mark);
  // Thousands separators stand before groups of three digits ("1,50.3" is a slip, not 150.30).
  const [first = '', ...groups] = grouped.split(mark === ',' ? '.' : ',');
  if (more.length > 0 || groups.some((group) => group.length !== 3)) return null;
  const whole = first + groups.join('');
  const digits = minorDigits(currency);
  if (!/^\d{1,7}$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
