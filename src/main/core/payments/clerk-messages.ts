/**
 * What a clerk reads to the caller when a card does not go through. Stripe's own message is accurate but written
 * for the cardholder; these say what happened and what to do next.
 */
const DECLINES: Record<string, string> = {
  insufficient_funds: 'The card has insufficient funds. Ask the caller for another card.',
  generic_decline: 'The card was declined by the bank. Ask the caller for another card, or to call their bank.',
  do_not_honor: 'The card was declined by the bank. Ask the caller for another card, or to call their bank.',
  lost_card: 'The card was declined. Ask the caller for another card.',
  stolen_card: 'The card was declined. Ask the caller for another card.',
  fraudulent: 'The card was declined as a possible fraud risk. Ask the caller for another card.',
  card_velocity_exceeded: 'The card was declined: it has reached its spending limit. Ask for another card.',
  authentication_required: "The card's bank needs the cardholder to authenticate. Try again, or use another card.",
  card_not_supported: 'This card does not support this kind of purchase. Ask for another card.',
  currency_not_supported: 'This card cannot be charged in this currency. Ask for another card.',
};

const CODES: Record<string, string> = {
  expired_card: 'The card has expired. Check the expiry date with the caller, or ask for another card.',
  incorrect_cvc: 'The security code (CVC) is incorrect. Check the 3 or 4 digits with the caller.',
  incorrect_number: 'The card number is incorrect. Check it with the caller.',
  invalid_expiry_month: 'The expiry month is invalid. Check it with the caller.',
  invalid_expiry_year: 'The expiry year is invalid. Check it with the caller.',
  invalid_cvc: 'The security code (CVC) is invalid. Check it with the caller.',
  processing_error: 'The bank had a processing error. Nothing was charged. Try the same card again.',
  payment_intent_authentication_failure:
    'The cardholder did not complete the bank check (3D Secure). Nothing was charged. Try again or use another card.',
};

/** The codes that have a sentence of their own; any other decline reads as a generic one. */
export const KNOWN_CODES = { declineCodes: Object.keys(DECLINES), errorCodes: Object.keys(CODES) } as const;

export function declineMessage(code: string | null | undefined, declineCode: string | null | undefined): string {
  if (code === 'card_declined' && declineCode && DECLINES[declineCode]) return DECLINES[declineCode];
  if (code && CODES[code]) return CODES[code];
  if (declineCode && DECLINES[declineCode]) return DECLINES[declineCode];
  return DECLINES.generic_decline!;
}

export const MESSAGES = {
  paid: (amount: string) => `Paid: ${amount}. Read the order number to the caller.`,
  requiresAction: 'The bank wants the cardholder to confirm this payment (3D Secure).',
  unreachable: 'Stripe could not be reached — nothing was charged. Check the internet connection and try again.',
  unknown:
    'Stripe did not answer in time, so Till cannot tell yet whether the card was charged. ' +
    'Do not charge again: the order is kept and will be checked with Stripe.',
  inProgress: 'This payment is already being processed. Wait for the result.',
  canceled: 'The order was canceled. Nothing was charged.',
  /** A PaymentIntent waiting to be confirmed: Stripe has not tried the card since, so it is not a decline. */
  notConfirmed: 'Stripe has not charged the card: the payment was not confirmed. Nothing was charged. Press Pay again.',
  motoRefused:
    'Stripe refused the phone-order (MOTO) flag: MOTO is not enabled on this Stripe account. ' +
    'Nothing was charged. Turn MOTO off in settings, or ask Stripe to enable it.',
  busy: 'Stripe is busy right now. Nothing was charged. Try again in a moment.',
  refused: (reason: string | undefined) =>
    `Stripe refused the payment: ${reason ?? 'no reason given'} Nothing was charged.`,
} as const;
