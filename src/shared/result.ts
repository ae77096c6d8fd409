/**
 * Every call across the process boundary answers with a Result instead of throwing: Electron's IPC and
 * contextBridge keep only an Error's message, and the renderer needs the field name to show a message next to it.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payment_failed'
  | 'stripe_unreachable'
  /** Till is not set up yet: only set-up answers. */
  | 'setup_required'
  /** Nobody is signed in on this window's session (never, signed out, or auto-locked): show the lock screen. */
  | 'signed_out'
  | 'internal';

export interface TillError {
  code: ErrorCode;
  /** A sentence a clerk can act on. */
  message: string;
  /** Dotted path of the offending input field, when one field is to blame. */
  field?: string;
  /** Every validation problem, when there is more than one. */
  issues?: { field: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: TillError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: TillError): Result<never> => ({ ok: false, error });
