/**
 * Calls Stripe for a payment with Till's own retry loop, so that afterwards Till knows which of three things
 * happened: Stripe answered; Stripe was never reached (nothing can have been charged); or a request may have
 * reached Stripe without an answer coming back (the outcome is unknown, and must be checked, not guessed).
 * Every retry reuses the attempt's idempotency key, so Stripe never runs the same payment twice.
 */
import Stripe from 'stripe';

export type StripeCallResult<T> =
  | { kind: 'answered'; value: T }
  | { kind: 'error'; error: Stripe.errors.StripeError }
  | { kind: 'unreachable'; error: unknown }
  | { kind: 'unknown'; error: unknown };

/** Errors raised before any byte of the request could reach Stripe. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

const connectionCode = (error: unknown): string | undefined =>
  (error as { detail?: { code?: string } })?.detail?.code ?? (error as { code?: string })?.code;

export interface RetryPolicy {
  attempts: number;
  /** Delay before retry n (1-based), in ms. */
  delayMs(retry: number): number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  delayMs: (retry) => Math.min(400 * 2 ** (retry - 1), 2_000),
};

export async function callStripe<T>(
  send: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<StripeCallResult<T>> {
  let mayHaveReachedStripe = false;
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await sleep(policy.delayMs(attempt - 1));
    try {
      return { kind: 'answered', value: await send() };
    } catch (error) {
      lastError = error;
      if (error instanceof Stripe.errors.StripeConnectionError) {
        if (!NEVER_SENT.has(connectionCode(error) ?? '')) mayHaveReachedStripe = true;
        continue;
      }
      if (error instanceof Stripe.errors.StripeError) {
        const status = error.statusCode ?? 0;
        // 409: the same key is still being processed; 5xx: Stripe failed mid-way. Both are worth asking again.
        const retryable = status === 409 || status >= 500 || error instanceof Stripe.errors.StripeRateLimitError;
        if (status >= 500 || status === 409) mayHaveReachedStripe = true;
        if (retryable && attempt < policy.attempts) continue;
        // A refusal that says nothing about earlier tries (busy, conflict, server error) cannot prove that an
        // earlier try was not carried out: then the outcome is unknown, never "nothing was charged".
        if (retryable && mayHaveReachedStripe) return { kind: 'unknown', error };
        return { kind: 'error', error };
      }
      return { kind: 'unknown', error };
    }
  }
  return mayHaveReachedStripe ? { kind: 'unknown', error: lastError } : { kind: 'unreachable', error: lastError };
}
