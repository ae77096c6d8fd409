/**
 * Finds what must never be written where others can read it (a log, a channel's answer): Stripe secret and
 * restricted keys, webhook signing secrets, PaymentIntent and SetupIntent client secrets, a PIN's digits in a PIN
 * field, and card numbers (13–19 digits, maybe grouped, Luhn-valid, starting 2–6 as the networks' do; a timestamp in
 * milliseconds starts with 1). Redacted forms (`sk_test_[redacted]`, `[card number]`) are not leaks.
 *
 * `known` adds exact strings the test knows to be secret (the simulator's key, each client secret Stripe sent, the
 * test card numbers, the owner PIN beside a PIN field), found even where no pattern would see them.
 */
import { passesLuhn } from '#shared/free-text';

export interface Leak {
  kind: string;
  found: string;
}

const PATTERNS: [string, RegExp][] = [
  ['secret key', /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+/g],
  ['webhook secret', /\bwhsec_[A-Za-z0-9]+/g],
  ['client secret', /\b(?:pi|seti)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+/g],
  // "pin":"2468", "pinAgain":"2468", "currentPin":2468, pin=2468
  ['PIN', /["']?\b(?:pin|pin[A-Z_]\w*|\w*Pin|\w*_pin)["']?\s*[:=]\s*["']?\d{4,8}\b/g],
];

const DIGIT_RUN = /\b\d(?:[ -]?\d){12,18}\b/g;

export function findLeaks(text: string, known: { kind: string; value: string }[] = []): Leak[] {
  const leaks: Leak[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) leaks.push({ kind, found: match[0] });
  }
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (/^[2-6]/.test(digits) && passesLuhn(digits)) leaks.push({ kind: 'card number', found: match[0] });
  }
  for (const { kind, value } of known) if (value && text.includes(value)) leaks.push({ kind, found: value });
  return leaks;
}

/** Stripe's test card numbers that Till's tests and README use. */
export const TEST_CARD_NUMBERS = [
  '4242424242424242',
  '4000000000000002',
  '4000000000009995',
  '4000002500003155',
  '4000000000003220',
  '5555555555554444',
];
