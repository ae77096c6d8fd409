import type { Mode } from '#shared/contract';

export interface StripeKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret?: string;
}

export class StripeKeyError extends Error {
  override name = 'StripeKeyError';
}

const SECRET = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/;
const PUBLISHABLE = /^pk_(test|live)_[A-Za-z0-9]+$/;

/**
 * The mode follows from the keys: none → training (the built-in simulator); test keys → test; live keys → live.
 * A test key paired with a live key would charge in one mode and show in the other, so it is refused.
 */
export function modeForKeys(keys: Partial<StripeKeys>): Mode {
  const { secretKey, publishableKey } = keys;
  if (!secretKey && !publishableKey) return 'training';
  if (!secretKey || !publishableKey) {
    throw new StripeKeyError('Both a Stripe secret (or restricted) key and a publishable key are needed.');
  }
  const secret = SECRET.exec(secretKey);
  if (!secret)
    throw new StripeKeyError('The Stripe secret key must start with sk_test_, sk_live_, rk_test_ or rk_live_.');
  const publishable = PUBLISHABLE.exec(publishableKey);
  if (!publishable) throw new StripeKeyError('The Stripe publishable key must start with pk_test_ or pk_live_.');
  if (secret[2] !== publishable[1]) {
    throw new StripeKeyError(
      `The secret key is a ${secret[2]} key but the publishable key is a ${publishable[1]} key; use a matching pair.`,
    );
  }
  return secret[2] === 'live' ? 'live' : 'test';
}

/** Keys from the environment, the first source in order (the owner's encrypted settings come later). */
export function stripeKeysFromEnv(env: NodeJS.ProcessEnv): Partial<StripeKeys> {
  return {
    secretKey: env.STRIPE_SECRET_KEY || undefined,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY || undefined,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
  };
}
