/** The stand-in's card-field rules (they run inside the card frame): brands, formatting, Stripe's validation codes. */
import { describe, expect, it } from 'vitest';
import { encodeForm, intentIdFromSecret } from '../../src/browser/api';
import {
  brandOf,
  checkCvc,
  checkExpiry,
  checkNumber,
  checkPostal,
  formatExpiry,
  formatNumber,
  luhnValid,
  normaliseExpiryDigits,
  validationError,
} from '../../src/browser/card';

describe('card numbers', () => {
  it('recognises the test cards’ brands', () => {
    expect(brandOf('4242424242424242')).toBe('visa');
    expect(brandOf('5555555555554444')).toBe('mastercard');
    expect(brandOf('2223003122003222')).toBe('mastercard');
    expect(brandOf('378282246310005')).toBe('amex');
    expect(brandOf('6011111111111117')).toBe('discover');
    expect(brandOf('3056930009020004')).toBe('diners');
    expect(brandOf('36227206271667')).toBe('diners');
    expect(brandOf('3566002020360505')).toBe('jcb');
    expect(brandOf('6200000000000005')).toBe('unionpay');
    expect(brandOf('9')).toBe('unknown');
    expect(brandOf('')).toBe('unknown');
  });

  it('groups digits as printed on the card', () => {
    expect(formatNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatNumber('378282246310005')).toBe('3782 822463 10005');
    expect(formatNumber('42424')).toBe('4242 4');
  });

  it('reports Stripe’s codes: invalid at full length, incomplete only once final', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(checkNumber('4242424242424242', false)).toEqual({ complete: true, error: null });
    expect(checkNumber('4242424242424241', false)).toEqual({ complete: false, error: 'invalid_number' });
    expect(checkNumber('424242', false)).toEqual({ complete: false, error: null });
    expect(checkNumber('424242', true)).toEqual({ complete: false, error: 'incomplete_number' });
    expect(checkNumber('', true).error).toBe('incomplete_number');
    expect(checkNumber('36227206271667', false).complete).toBe(true); // 14-digit Diners
    expect(validationError('invalid_number')).toEqual({
      type: 'validation_error',
      code: 'invalid_number',
      message: 'Your card number is invalid.',
    });
  });
});

describe('expiry', () => {
  const now = new Date(2026, 4, 15); // May 2026

  it('formats and normalises what is typed', () => {
    expect(normaliseExpiryDigits('4')).toBe('04');
    expect(normaliseExpiryDigits('13')).toBe('013');
    expect(normaliseExpiryDigits('00')).toBe('0');
    expect(normaliseExpiryDigits('122834')).toBe('1228');
    expect(formatExpiry('0120')).toBe('01 / 20');
    expect(formatExpiry('01')).toBe('01 / ');
    expect(formatExpiry('1')).toBe('1');
  });

  it('uses Stripe’s codes for past and incomplete dates', () => {
    expect(checkExpiry('0120', false, now).error).toBe('invalid_expiry_year_past');
    expect(validationError('invalid_expiry_year_past').message).toBe("Your card's expiration year is in the past.");
    expect(checkExpiry('0426', false, now).error).toBe('invalid_expiry_month_past');
    expect(validationError('invalid_expiry_month_past').message).toBe("Your card's expiration date is in the past.");
    expect(checkExpiry('0526', false, now)).toEqual({ complete: true, error: null });
    expect(checkExpiry('012', false, now)).toEqual({ complete: false, error: null });
    expect(checkExpiry('012', true, now).error).toBe('incomplete_expiry');
    expect(checkExpiry('1299', false, now).error).toBe('invalid_expiry_year');
  });
});

describe('CVC and postal code', () => {
  it('wants 3 digits, 4 for Amex', () => {
    expect(checkCvc('123', 'visa', false).complete).toBe(true);
    expect(checkCvc('123', 'amex', true).error).toBe('incomplete_cvc');
    expect(checkCvc('1234', 'amex', false).complete).toBe(true);
    expect(validationError('incomplete_cvc').message).toBe("Your card's security code is incomplete.");
  });

  it('accepts ZIPs and Canadian postal codes', () => {
    expect(checkPostal('90210', false).complete).toBe(true);
    expect(checkPostal('K1A 0B1', false).complete).toBe(true);
    expect(checkPostal('K1A', true).error).toBe('incomplete_zip');
    expect(checkPostal('', true).error).toBe('incomplete_zip');
  });
});

describe('API encoding', () => {
  it('encodes like Stripe.js', () => {
    expect(
      encodeForm({
        payment_method_data: { type: 'card', card: { number: '4242', exp_month: 1 } },
        types: ['a', 'b'],
        gone: undefined,
        unset: null,
      }),
    ).toBe(
      'payment_method_data[type]=card&payment_method_data[card][number]=4242&payment_method_data[card][exp_month]=1&types[0]=a&types[1]=b&unset=',
    );
    expect(intentIdFromSecret('pi_3Abc_secret_xyz')).toBe('pi_3Abc');
    expect(intentIdFromSecret('nope')).toBeNull();
  });
});
