import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { callStripe } from '#core/payments/stripe-call';

const policy = { attempts: 3, delayMs: () => 0 };
const noSleep = async () => undefined;

const connection = (code: string) =>
  Object.assign(new Stripe.errors.StripeConnectionError({ message: 'connection failed' }), { detail: { code } });
const status = (statusCode: number, type: 'StripeAPIError' | 'StripeRateLimitError' | 'StripeCardError') => {
  const raw = { message: `HTTP ${statusCode}`, statusCode };
  if (type === 'StripeRateLimitError') return new Stripe.errors.StripeRateLimitError(raw);
  if (type === 'StripeCardError') return new Stripe.errors.StripeCardError({ ...raw, code: 'card_declined' });
  return new Stripe.errors.StripeAPIError(raw);
};

/** A Stripe that fails with the given errors in turn, then answers. */
function stripeThat(...failures: Error[]) {
  let calls = 0;
  return {
    send: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return 'answer';
    },
    calls: () => calls,
  };
}

describe('callStripe: what Till may conclude after retries', () => {
  it('answers as soon as Stripe does', async () => {
    const stripe = stripeThat(connection('ECONNRESET'), status(500, 'StripeAPIError'));
    expect(await callStripe(stripe.send, policy, noSleep)).toEqual({ kind: 'answered', value: 'answer' });
    expect(stripe.calls()).toBe(3);
  });

  it('says "never reached" only when no try can have reached Stripe', async () => {
    const stripe = stripeThat(connection('ECONNREFUSED'), connection('ECONNREFUSED'), connection('ECONNREFUSED'));
    expect((await callStripe(stripe.send, policy, noSleep)).kind).toBe('unreachable');
  });

  it.each([
    [
      'a dropped connection, then refusals',
      [connection('ECONNRESET'), connection('ECONNREFUSED'), connection('ECONNREFUSED')],
    ],
    [
      'a server error, then rate limiting',
      [status(500, 'StripeAPIError'), status(429, 'StripeRateLimitError'), status(429, 'StripeRateLimitError')],
    ],
    [
      'a timeout, then rate limiting',
      [connection('ETIMEDOUT'), status(429, 'StripeRateLimitError'), status(429, 'StripeRateLimitError')],
    ],
    [
      'server errors throughout',
      [status(500, 'StripeAPIError'), status(502, 'StripeAPIError'), status(503, 'StripeAPIError')],
    ],
  ])('calls the outcome unknown after %s', async (_label, failures) => {
    const result = await callStripe(stripeThat(...failures).send, policy, noSleep);
    expect(result.kind).toBe('unknown');
  });

  it('passes on a definite refusal at once (a decline), without retrying', async () => {
    const stripe = stripeThat(status(402, 'StripeCardError'));
    expect((await callStripe(stripe.send, policy, noSleep)).kind).toBe('error');
    expect(stripe.calls()).toBe(1);
  });

  it('reports rate limiting as a refusal when no earlier try reached Stripe', async () => {
    const stripe = stripeThat(...[1, 2, 3].map(() => status(429, 'StripeRateLimitError')));
    expect((await callStripe(stripe.send, policy, noSleep)).kind).toBe('error');
  });
});
