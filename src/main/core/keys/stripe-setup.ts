/**
 * Which Stripe keys Till runs with, in order: the environment (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY), then the
 * keys the owner saved in the app, then none (training mode, the built-in simulator).
 */
import { stripeKeysFromEnv, modeForKeys } from '../stripe-keys';
import { createStripeClient, type StripeConnection } from '../payments/stripe-client';
import type { KeyVault, SavedKeys } from './key-vault';
import { retrieveAccount } from './verify-keys';

export type KeySource = 'environment' | 'saved' | 'none';

export interface StripeSetup {
  source: KeySource;
  /** Null in training mode. */
  keys: SavedKeys | null;
  webhookSecret?: string;
}

export interface SetupOptions {
  env: NodeJS.ProcessEnv;
  vault: KeyVault;
  version: string;
  apiBase?: string;
}

/**
 * Keys from the environment are asked which account they open (one call to Stripe, at start-up) so that they get
 * their own order log; saved keys carry their account from when they were checked.
 */
export async function resolveStripeSetup(options: SetupOptions): Promise<StripeSetup> {
  const fromEnv = stripeKeysFromEnv(options.env);
  const envMode = modeForKeys(fromEnv);
  if (envMode !== 'training') {
    const keys = { secretKey: fromEnv.secretKey!, publishableKey: fromEnv.publishableKey! };
    const stripe = createStripeClient({ mode: envMode, ...keys, apiBase: options.apiBase }, options.version);
    const account = await retrieveAccount(stripe).catch((error: Error) => {
      throw new Error(`The Stripe keys in the environment could not be checked: ${error.message}`);
    });
    return { source: 'environment', keys: { ...keys, mode: envMode, account }, webhookSecret: fromEnv.webhookSecret };
  }
  const saved = (await options.vault.availability()).available ? await options.vault.load() : null;
  return saved ? { source: 'saved', keys: saved } : { source: 'none', keys: null };
}

/** How core reaches Stripe with these keys (training mode's connection comes from the simulator instead). */
export function connectionFor(setup: StripeSetup, apiBase: string | undefined): StripeConnection | null {
  if (!setup.keys) return null;
  return {
    mode: setup.keys.mode,
    secretKey: setup.keys.secretKey,
    publishableKey: setup.keys.publishableKey,
    webhookSecret: setup.webhookSecret,
    ...(apiBase ? { apiBase, stripeJsUrl: `${apiBase}/v3/stripe.js` } : {}),
  };
}
