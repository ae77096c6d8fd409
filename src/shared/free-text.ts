/**
 * Free text a person types (a caller's name, a note, a product's description) must never hold a card number: Till
 * keeps card data out of its log and its PC entirely (PCI SAQ A), and whoever answers the phone may type what the
 * caller reads out into the wrong box. Every free-text field of the contract is built with `freeText`.
 *
 * Built with zod/mini, whose checks are plain functions a bundler keeps only when used: the Checkout page runs the
 * caller's fields through the same schemas before a card is tried (shared/customer-input.ts), without shipping the
 * whole of zod. The contract's (classic) objects take these schemas as they are: both are zod 4's core types.
 */
import * as z from 'zod/mini';

/** A run of digits as typed: groups of digits joined by single spaces or dashes ("4242 4242-4242 4242"). */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;

/** The card networks' check digit (Luhn): what tells a card number from any other run of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether the text holds 13–19 digits that pass the Luhn check, however they are spaced. Within a longer run (a card
 * number typed next to a phone number), every span of whole groups is tried, so "4242 4242 4242 4242 250 555 0101"
 * is caught; an unbroken run of more than 19 digits is no card as anyone types one.
 */
export function containsCardNumber(text: string): boolean {
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    const groups = run.split(/[ -]/);
    for (let start = 0; start < groups.length; start++) {
      let digits = '';
      for (let end = start; end < groups.length && digits.length + groups[end]!.length <= 19; end++) {
        digits += groups[end];
        if (digits.length >= 13 && passesLuhn(digits)) return true;
      }
    }
  }
  return false;
}

/** What the person is told next to the field. */
export const CARD_NUMBER_MESSAGE =
  'This looks like a card number. Never type card numbers here: Till must not keep them.';

export interface FreeTextOptions {
  /** The most characters the field takes, and the message when there are more. */
  max: number;
  tooLong: string;
  /** When set, the field must not be empty, and this is the message. */
  required?: string;
}

/** A trimmed string of at most `max` characters that holds no card number. */
export function freeText({ max, tooLong, required }: FreeTextOptions) {
  // The same checks, in the same order, as z.string().trim().min(1, required).max(max, tooLong).refine(…).
  return z.string().check(
    z.trim(),
    ...(required ? [z.minLength(1, required)] : []),
    z.maxLength(max, tooLong),
    z.refine((text: string) => !containsCardNumber(text), CARD_NUMBER_MESSAGE),
  );
}
