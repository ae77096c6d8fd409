import { describe, expect, it } from 'vitest';
import { isStripeCurrency, STRIPE_CURRENCIES } from '#shared/currencies';
import { formatMoney, minorDigits, toDecimal } from '#shared/money';

/** Money is counted in the currency's minor unit as Stripe counts it: what the shop sees must match what it charged. */
describe("Stripe's currencies and their minor units", () => {
  it('knows the zero-decimal and three-decimal ones', () => {
    expect(minorDigits('CAD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KRW')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('BHD')).toBe(3);
    // Stripe takes ISK in hundredths (ending in 00), though ISO gives it no decimals.
    expect(minorDigits('ISK')).toBe(2);
  });

  it('formats amounts in each one as a person reads them', () => {
    expect(formatMoney(1099, 'CAD')).toBe('$10.99');
    expect(formatMoney(1099, 'JPY')).toBe('JP¥1,099');
    expect(formatMoney(1099, 'KWD')).toMatch(/^KWD\s1\.099$/);
    expect(toDecimal(1099, 'JPY')).toBe('1099');
    expect(toDecimal(1099, 'KWD')).toBe('1.099');
    expect(toDecimal(-5, 'CAD')).toBe('-0.05');
  });

  it('accepts only currencies Stripe charges in, in any case', () => {
    expect(isStripeCurrency('cad')).toBe(true);
    expect(isStripeCurrency('XYZ')).toBe(false);
    expect(isStripeCurrency('XAU')).toBe(false); // gold: a real ISO code, not a Stripe currency
    expect(STRIPE_CURRENCIES.size).toBeGreaterThan(130);
  });
});
