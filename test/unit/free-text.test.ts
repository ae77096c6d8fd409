import { describe, expect, it } from 'vitest';
import { containsCardNumber } from '#shared/free-text';

describe('a card number in free text', () => {
  it.each([
    ['16 digits together', '4242424242424242'],
    ['in groups of four', 'card 4242 4242 4242 4242 exp 12/34'],
    ['with dashes', '4000-0025-0000-3155'],
    ['an Amex number (15 digits, 4-6-5)', '3782 822463 10005'],
    ['a 19-digit card', '6205500000000000004'],
    ['typed next to a phone number', '4242 4242 4242 4242 250 555 0101'],
  ])('is found: %s', (_label, text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each([
    ['a phone number', '+1 (250) 555-0101'],
    ['two phone numbers', '250 555 0101 / 604 555 0199'],
    ['16 digits that fail the Luhn check', '4242 4242 4242 4241'],
    ['an order number and an amount', 'order #1001, $199.49'],
    ['a 22-digit tracking number in one piece', '9400111899223397623910'],
    ['12 digits', '424242424242'],
  ])('is not found: %s', (_label, text) => {
    expect(containsCardNumber(text)).toBe(false);
  });
});
