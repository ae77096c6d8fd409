/**
 * Before Till keeps keys the owner pasted, it asks Stripe about them: the secret (or restricted) key must open an
 * account (GET /v1/account, which also gives the account's id and name), the two keys must be of one mode, and a
 * restricted key must hold each permission Till uses. Each failure is a sentence naming the cause, next to the
 * field to blame.
 */
import Stripe from 'stripe';
import { conflict, invalidInput, TillFailure } from '../errors';
import { createStripeClient } from '../payments/stripe-client';
import { modeForKeys, StripeKeyError } from '../stripe-keys';
import type { SavedKeys, StripeAccount } from './key-vault';

export interface KeysToVerify {
  secretKey: string;
  publishableKey: string;
}

export interface VerifyOptions {
  version: string;
  /** Tests and demos: a Stripe simulator instead of api.stripe.com (test keys only). */
  apiBase?: string;
}

/**
 * What Till needs of a restricted key, each probed with a call that changes nothing: an update or a read of an
 * object that does not exist answers 404 when the key may make it, and Stripe's 403 permission error when not.
 */
const NEEDED_PERMISSIONS: Array<{ ability: string; probe(stripe: Stripe): Promise<unknown> }> = [
  { ability: 'write PaymentIntents', probe: (s) => s.paymentIntents.update('pi_till_permission_check', {}) },
  {
    ability: 'read ConfirmationTokens',
    probe: (s) => s.confirmationTokens.retrieve('ctoken_till_permission_check'),
  },
  { ability: 'write Refunds', probe: (s) => s.refunds.update('re_till_permission_check', {}) },
  { ability: 'read Events', probe: (s) => s.events.list({ limit: 1 }) },
  { ability: 'read Disputes', probe: (s) => s.disputes.list({ limit: 1 }) },
  // Pay-by-link makes and closes Checkout Sessions; dispute evidence reads the charge's card checks and Radar outcome.
  { ability: 'write Checkout Sessions', probe: (s) => s.checkout.sessions.expire('cs_till_permission_check') },
  { ability: 'read Charges', probe: (s) => s.charges.retrieve('ch_till_permission_check') },
  // The end of day reads the day's fees (balance transactions) and the payouts that landed.
  { ability: 'read Balance', probe: (s) => s.balanceTransactions.retrieve('txn_till_permission_check') },
  { ability: 'read Payouts', probe: (s) => s.payouts.retrieve('po_till_permission_check') },
];

const DASHBOARD_KEYS = 'the Stripe Dashboard (Developers → API keys)';

export async function verifyStripeKeys(keys: KeysToVerify, options: VerifyOptions): Promise<SavedKeys> {
  let mode: 'test' | 'live';
  try {
    const found = modeForKeys(keys);
    if (found === 'training') throw new StripeKeyError('Paste both keys.');
    mode = found;
  } catch (error) {
    if (!(error instanceof StripeKeyError)) throw error;
    throw invalidInput(error.message, fieldFor(error.message));
  }
  if (mode === 'live' && options.apiBase) {
    throw conflict('This Till talks to a Stripe simulator (TILL_STRIPE_API_BASE), which takes test keys only.');
  }
  const stripe = createStripeClient({ mode, ...keys, apiBase: options.apiBase }, options.version);
  const account = await retrieveAccount(stripe);
  if (keys.secretKey.startsWith('rk_')) await requirePermissions(stripe);
  return { ...keys, mode, account };
}

function fieldFor(message: string): string {
  return /publishable/i.test(message) && !/secret key is a/i.test(message) ? 'publishableKey' : 'secretKey';
}

/** The account's id, and the name the owner knows it by (the Dashboard's display name, else the business name). */
export async function retrieveAccount(stripe: Stripe): Promise<StripeAccount> {
  try {
    const account = await stripe.accounts.retrieveCurrent();
    const name = account.settings?.dashboard?.display_name || account.business_profile?.name || account.id;
    return { id: account.id, name };
  } catch (error) {
    throw explain(error);
  }
}

async function requirePermissions(stripe: Stripe): Promise<void> {
  const missing: string[] = [];
  for (const { ability, probe } of NEEDED_PERMISSIONS) {
    try {
      await probe(stripe);
    } catch (error) {
      if (error instanceof Stripe.errors.StripePermissionError) missing.push(ability);
      else if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw explain(error);
    }
  }
  if (missing.length > 0) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} or ${missing.at(-1)}`;
    throw invalidInput(
      `This restricted key cannot ${list}. In ${DASHBOARD_KEYS}, edit the key to allow it, or paste a key that can.`,
      'secretKey',
    );
  }
}

function explain(error: unknown): TillFailure {
  if (error instanceof TillFailure) return error;
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return invalidInput(
      `Stripe did not accept this secret key: it may be mistyped, rolled or deleted. Copy it again from ${DASHBOARD_KEYS}.`,
      'secretKey',
    );
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return invalidInput(`Stripe refused this key: ${error.message}`, 'secretKey');
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return new TillFailure({
      code: 'stripe_unreachable',
      message: 'Till could not reach Stripe to check the keys. Check the internet connection and try again.',
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return conflict(`Stripe could not check the keys: ${message}`);
}
