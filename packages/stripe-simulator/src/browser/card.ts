/**
 * Card-field rules of Stripe's Card and Payment Elements: brand detection, formatting while typing, and the
 * validation codes/messages Stripe.js reports in `change` events and from `elements.submit()`.
 */
import type { CardBrand, ValidationError } from './protocol';

interface BrandRule {
  brand: CardBrand;
  pattern: RegExp;
  /** Lengths at which a Luhn-valid number is complete (the last one is the maximum). */
  lengths: number[];
  /** Digit groups for display. */
  gaps: number[];
  cvc: number;
}

const BRANDS: BrandRule[] = [
  { brand: 'amex', pattern: /^3[47]/, lengths: [15], gaps: [4, 6, 5], cvc: 4 },
  { brand: 'diners', pattern: /^(36|38|39|30[0-59])/, lengths: [14, 16], gaps: [4, 6, 4], cvc: 3 },
  { brand: 'jcb', pattern: /^35(2[89]|[3-8])/, lengths: [16], gaps: [4, 4, 4, 4], cvc: 3 },
  { brand: 'discover', pattern: /^(6011|65|64[4-9])/, lengths: [16], gaps: [4, 4, 4, 4], cvc: 3 },
  { brand: 'unionpay', pattern: /^62/, lengths: [16, 19], gaps: [4, 4, 4, 4, 3], cvc: 3 },
  {
    brand: 'mastercard',
    pattern: /^(5[1-5]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720)/,
    lengths: [16],
    gaps: [4, 4, 4, 4],
    cvc: 3,
  },
  { brand: 'visa', pattern: /^4/, lengths: [16], gaps: [4, 4, 4, 4], cvc: 3 },
];

const UNKNOWN: BrandRule = { brand: 'unknown', pattern: /^/, lengths: [16], gaps: [4, 4, 4, 4], cvc: 3 };

function ruleFor(digits: string): BrandRule {
  return BRANDS.find((rule) => rule.pattern.test(digits)) ?? UNKNOWN;
}

export const brandOf = (digits: string): CardBrand => (digits ? ruleFor(digits).brand : 'unknown');

export const maxNumberLength = (digits: string): number => Math.max(...ruleFor(digits).lengths);

/** 3, or 4 for American Express. */
export const cvcLength = (brand: CardBrand): number => (brand === 'amex' ? 4 : 3);

/** How many CVC digits the field takes (an unknown brand may be an Amex-like 4-digit one). */
export const cvcMaxLength = (brand: CardBrand): number => (brand === 'unknown' ? 4 : cvcLength(brand));

export const onlyDigits = (value: string): string => value.replace(/\D/g, '');

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** `4242424242424242` → `4242 4242 4242 4242`; `378282246310005` → `3782 822463 10005`. */
export function formatNumber(digits: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const gap of ruleFor(digits).gaps) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + gap));
    at += gap;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(' ');
}

/** Normalises what was typed in the expiry field to at most 4 digits `MMYY` (a leading 2-9 means month 0X). */
export function normaliseExpiryDigits(digits: string): string {
  let d = digits;
  if (d.length >= 1 && d[0]! > '1') d = '0' + d;
  if (d.length >= 2) {
    const month = Number(d.slice(0, 2));
    if (month > 12)
      d = '0' + d; // "13" → "01 / 3", as Stripe.js does
    else if (month === 0) d = d.slice(0, 1) + d.slice(2); // "00" is not a month: drop the second 0
  }
  return d.slice(0, 4);
}

/** `0124` → `01 / 24`; `01` → `01 / `; `1` → `1`. */
export function formatExpiry(digits: string): string {
  if (digits.length < 2) return digits;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

const MESSAGES = {
  incomplete_number: 'Your card number is incomplete.',
  invalid_number: 'Your card number is invalid.',
  incomplete_expiry: "Your card's expiration date is incomplete.",
  invalid_expiry_year_past: "Your card's expiration year is in the past.",
  invalid_expiry_month_past: "Your card's expiration date is in the past.",
  invalid_expiry_year: "Your card's expiration year is invalid.",
  invalid_expiry_month: "Your card's expiration month is invalid.",
  incomplete_cvc: "Your card's security code is incomplete.",
  incomplete_zip: 'Your postal code is incomplete.',
} as const;

export type ValidationCode = keyof typeof MESSAGES;

export const validationError = (code: ValidationCode): ValidationError => ({
  type: 'validation_error',
  code,
  message: MESSAGES[code],
});

/**
 * The state of one field: `complete`, or an error to show now, or neither (still being typed).
 * `final` is true when the user has left the field or submitted: partial input then becomes an error.
 */
export interface FieldResult {
  complete: boolean;
  error: ValidationCode | null;
}

export function checkNumber(digits: string, final: boolean): FieldResult {
  if (!digits) return { complete: false, error: final ? 'incomplete_number' : null };
  const rule = ruleFor(digits);
  const max = Math.max(...rule.lengths);
  const luhn = luhnValid(digits);
  if (rule.lengths.includes(digits.length) && luhn) return { complete: true, error: null };
  if (digits.length >= max) return { complete: false, error: 'invalid_number' };
  if (!final) return { complete: false, error: null };
  return { complete: false, error: rule.lengths.includes(digits.length) ? 'invalid_number' : 'incomplete_number' };
}

export function checkExpiry(digits: string, final: boolean, now: Date = new Date()): FieldResult {
  if (digits.length < 4) return { complete: false, error: final ? 'incomplete_expiry' : null };
  const month = Number(digits.slice(0, 2));
  const year = 2000 + Number(digits.slice(2, 4));
  const thisYear = now.getFullYear();
  if (month < 1 || month > 12) return { complete: false, error: 'invalid_expiry_month' };
  if (year < thisYear) return { complete: false, error: 'invalid_expiry_year_past' };
  if (year === thisYear && month < now.getMonth() + 1) return { complete: false, error: 'invalid_expiry_month_past' };
  if (year > thisYear + 50) return { complete: false, error: 'invalid_expiry_year' };
  return { complete: true, error: null };
}

export function checkCvc(digits: string, brand: CardBrand, final: boolean): FieldResult {
  const wanted = cvcLength(brand);
  // With an unknown brand Stripe accepts 3 or 4 digits.
  if (digits.length === wanted || (brand === 'unknown' && digits.length >= 3)) return { complete: true, error: null };
  return { complete: false, error: final ? 'incomplete_cvc' : null };
}

/** US ZIPs need 5 digits, Canadian postal codes 6 characters; anything else of 3+ characters is accepted. */
export function checkPostal(value: string, final: boolean): FieldResult {
  const compact = value.replace(/[\s-]/g, '');
  let complete: boolean;
  if (/^\d+$/.test(compact)) complete = compact.length >= 5;
  else if (/^[A-Za-z]\d/.test(compact)) complete = compact.length >= 6;
  else complete = compact.length >= 3;
  if (complete) return { complete, error: null };
  return { complete: false, error: final ? 'incomplete_zip' : null };
}

/** Expiry digits `MMYY` as the API wants them (`exp_month`, 4-digit `exp_year`). */
export function expiryParts(digits: string): { exp_month: number; exp_year: number } {
  return { exp_month: Number(digits.slice(0, 2)), exp_year: 2000 + Number(digits.slice(2, 4)) };
}
