/**
 * What a clerk types as an amount (a quick charge, a refund, a product's price, the history's amount filter), read as
 * they meant it: a Quebec clerk's "25,50" is twenty-five fifty, never two thousand five hundred and fifty.
 */
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/renderer/src/checkout/money-input';

describe('parseAmount', () => {
  it('reads a comma before one or two digits as the decimal mark', () => {
    expect(parseAmount('1,50', 'CAD')).toBe(150);
    expect(parseAmount('25,50', 'CAD')).toBe(2550);
    expect(parseAmount('100,5', 'CAD')).toBe(10050);
    expect(parseAmount('0,99 $', 'CAD')).toBe(99);
  });

  it('reads English Canada’s amounts as before', () => {
    expect(parseAmount('12', 'CAD')).toBe(1200);
    expect(parseAmount('12.5', 'CAD')).toBe(1250);
    expect(parseAmount('$1,299.99', 'CAD')).toBe(129999);
    expect(parseAmount('1,500', 'CAD')).toBe(150000);
    expect(parseAmount('1,000,000', 'CAD')).toBe(100000000);
  });

  it('reads French Canada’s thousands, with a space of any kind and a decimal comma', () => {
    expect(parseAmount('1 299,99', 'CAD')).toBe(129999);
    expect(parseAmount('1\u00a0299,99', 'CAD')).toBe(129999);
    expect(parseAmount('1\u202f299,99 $', 'CAD')).toBe(129999);
    expect(parseAmount('1.299,99', 'CAD')).toBe(129999);
  });

  it('counts in the currency’s own minor unit', () => {
    expect(parseAmount('1200', 'JPY')).toBe(1200);
    expect(parseAmount('1,200', 'JPY')).toBe(1200);
    expect(parseAmount('12.5', 'JPY')).toBeNull();
    expect(parseAmount('1.234', 'KWD')).toBe(1234);
  });

  it('refuses what cannot be read one way only, or is no amount', () => {
    for (const text of ['', 'abc', '1,2,3', '12,34,567', '1.500.000', '12.345', '-5', '.5', '12345678', '1,50.3']) {
      expect(parseAmount(text, 'CAD')).toBeNull();
    }
  });
});
