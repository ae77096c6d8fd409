/**
 * The failures core reports to the user as they are (not as "internal error"): dispatch turns a TillFailure into
 * the call's `{ok: false, error}`, code, message and field unchanged. The constructors below name the usual ones;
 * `field` is the input the message belongs next to, when one is to blame.
 */
import type { ErrorCode, TillError } from '#shared/result';

export class TillFailure extends Error {
  constructor(readonly detail: TillError) {
    super(detail.message);
    this.name = 'TillFailure';
  }
}

const failure =
  (code: ErrorCode) =>
  (message: string, field?: string): TillFailure =>
    new TillFailure({ code, message, ...(field ? { field } : {}) });

/** The thing asked for does not exist (an order id the log does not hold). */
export const notFound = failure('not_found');

/** The request is sound but the state of things refuses it now (a paid order cannot be canceled). */
export const conflict = failure('conflict');

/** The owner PIN is needed, wrong, or locked out. */
export const forbidden = failure('forbidden');

/** One input is wrong in a way only main can tell (a product no longer sold, more than is left to refund). */
export const invalidInput = (message: string, field: string): TillFailure => failure('invalid_input')(message, field);

/** Payments and refunds with no Stripe to talk to: no keys, and no training simulator running. */
export const paymentsNotSetUp = (): TillFailure =>
  new TillFailure({
    code: 'stripe_unreachable',
    message: 'Payments are not set up: no Stripe keys were found and the training simulator is not running.',
  });

/** Nobody is signed in on the caller's session (or it auto-locked): the page shows the lock screen. */
export const signedOut = (): TillFailure =>
  new TillFailure({ code: 'signed_out', message: 'Till is locked. Pick your name and type your PIN to go on.' });
