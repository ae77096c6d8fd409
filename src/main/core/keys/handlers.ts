/**
 * The Stripe keys in Payment settings: what is in use (masked — the secret key never leaves main), saving pasted
 * keys once Stripe has vouched for them, and removing them (back to training mode). Both changes take the owner
 * PIN once one is set, and both switch Till to the order log of the keys now in effect.
 */
import type { KeysStatus } from '#shared/contract';
import type { AuditLog } from '../db/audit-log';
import { conflict } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { Caller } from '../ipc/caller';
import type { PinConfirmation } from '../staff/pin-confirmation';
import type { StripeConnection } from '../payments/stripe-client';
import type { KeyVault, SavedKeys, StripeAccount, VaultAvailability } from './key-vault';
import { maskKey } from './mask-key';
import type { KeySource } from './stripe-setup';
import type { KeysToVerify } from './verify-keys';

/** What the host (Electron or the browser preview) provides for changing keys. */
export interface KeysHost {
  source: KeySource;
  vault: KeyVault;
  /** Asks Stripe (or, in tests, the simulator) about the pasted keys; throws a TillFailure naming the cause. */
  verify(keys: KeysToVerify): Promise<SavedKeys>;
  /** Closes this core and opens the one for the keys now in effect (its own order log). */
  switchKeys(): Promise<void>;
}

export interface KeysDeps {
  host: KeysHost | null;
  connection: StripeConnection | null;
  account: StripeAccount | null;
  confirm: PinConfirmation;
  audit: AuditLog;
}

const ENV_WINS =
  'Stripe keys are set in the environment (STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY), and those win: remove them there first.';
const NO_HOST = 'This Till was started without a place to keep keys: set them in the environment instead.';

function storageOf(availability: VaultAvailability | null): KeysStatus['storage'] {
  if (!availability) return { available: false, message: NO_HOST };
  return availability.available
    ? { available: true, message: availability.warning }
    : { available: false, message: availability.reason };
}

function statusOf(
  source: KeySource,
  keys: { secretKey: string; publishableKey: string; mode: KeysStatus['mode'] } | null,
  account: StripeAccount | null,
  availability: VaultAvailability | null,
): KeysStatus {
  return {
    source,
    mode: keys?.mode ?? 'training',
    accountId: account?.id ?? null,
    accountName: account?.name ?? null,
    secretKeyMasked: keys ? maskKey(keys.secretKey) : null,
    publishableKeyMasked: keys ? maskKey(keys.publishableKey) : null,
    storage: storageOf(availability),
  };
}

export const keysHandlers = ({ host, connection, account, confirm, audit }: KeysDeps) => {
  const realKeys = connection && connection.mode !== 'training' ? connection : null;
  const changeable = async (pin: string | undefined, caller: Caller): Promise<KeysHost> => {
    await confirm.require(caller, pin);
    if (!host) throw conflict(NO_HOST);
    if (host.source === 'environment') throw conflict(ENV_WINS);
    return host;
  };
  return defineHandlers({
    'keys.status': async () =>
      statusOf(
        host?.source ?? (realKeys ? 'environment' : 'none'),
        realKeys,
        account,
        host ? await host.vault.availability() : null,
      ),
    'keys.save': async ({ pin, publishableKey, secretKey }, caller) => {
      const keysHost = await changeable(pin, caller);
      const availability = await keysHost.vault.availability();
      if (!availability.available) throw conflict(availability.reason);
      const verified = await keysHost.verify({ publishableKey, secretKey });
      await keysHost.vault.save(verified);
      audit.record(caller, 'stripe_keys.saved', null, { mode: verified.mode, account: verified.account.id });
      await keysHost.switchKeys();
      return statusOf('saved', verified, verified.account, availability);
    },
    'keys.remove': async ({ pin }, caller) => {
      const keysHost = await changeable(pin, caller);
      await keysHost.vault.remove();
      audit.record(caller, 'stripe_keys.removed', null, {});
      await keysHost.switchKeys();
      return statusOf('none', null, null, await keysHost.vault.availability());
    },
  });
};
