/**
 * Card data checks Stripe runs when card details arrive (PaymentMethod creation, `payment_method_data`,
 * ConfirmationTokens): Luhn, expiry month/year, CVC length. Failures are 402 card_errors with a `param`.
 */
import { docUrl, parameterMissing, SimulatorError, sortKeys } from '../api/errors';
import type { Params } from '../api/params';
import { isKnownTestCard } from './test-cards';

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string | null;
}

export function cardDataError(code: string, message: string, param: string): SimulatorError {
  return new SimulatorError(
    402,
    sortKeys({ code, doc_url: docUrl(code), message, param, type: 'card_error' as const }),
  );
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = number.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Reads `card[number|exp_month|exp_year|cvc]` from a card hash and validates it against the clock. */
export function readCard(card: Params, now: Date): CardInput {
  const rawNumber = card.string('number', { required: true })!;
  const number = rawNumber.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || (!isKnownTestCard(number) && !luhnValid(number))) {
    throw cardDataError('incorrect_number', 'Your card number is incorrect.', 'number');
  }
  const monthText = card.string('exp_month');
  if (monthText === undefined || monthText === null) throw parameterMissing(card.name('exp_month'));
  const expMonth = /^\d{1,2}$/.test(monthText) ? Number(monthText) : NaN;
  if (!(expMonth >= 1 && expMonth <= 12)) {
    throw cardDataError('invalid_expiry_month', "Your card's expiration month is invalid.", 'exp_month');
  }
  const yearText = card.string('exp_year');
  if (yearText === undefined || yearText === null) throw parameterMissing(card.name('exp_year'));
  let expYear = /^\d{2}$|^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
  if (expYear < 100) expYear += 2000;
  const year = now.getUTCFullYear();
  if (!(expYear >= year && expYear <= year + 50)) {
    throw cardDataError('invalid_expiry_year', "Your card's expiration year is invalid.", 'exp_year');
  }
  if (expYear === year && expMonth < now.getUTCMonth() + 1) {
    throw cardDataError('invalid_expiry_month', "Your card's expiration month is invalid.", 'exp_month');
  }
  const cvc = card.string('cvc') ?? null;
  if (cvc !== null && !/^\d{3,4}$/.test(cvc)) {
    throw cardDataError('invalid_cvc', "Your card's security code is invalid.", 'cvc');
  }
  return { number, expMonth, expYear, cvc };
}
