/**
 * Where the Stripe keys the owner pasted are kept. Core only knows this interface: the Electron shell keeps them
 * encrypted with the operating system's keychain (safeStorage), the browser preview in a file only the user can
 * read. A vault that cannot keep them safely says so (and why) instead of storing them in plain text.
 */
import { z } from 'zod';

export const StripeAccount = z.object({ id: z.string().regex(/^acct_/), name: z.string() });
export type StripeAccount = z.infer<typeof StripeAccount>;

/** Keys that passed verification, with the account and mode they open (so start-up needs no call to Stripe). */
export const SavedKeys = z.object({
  secretKey: z.string(),
  publishableKey: z.string(),
  mode: z.enum(['test', 'live']),
  account: StripeAccount,
});
export type SavedKeys = z.infer<typeof SavedKeys>;

export type VaultAvailability =
  /** `warning`: what the owner should know about how the keys are kept (shown beside the form), or null. */
  | { available: true; warning: string | null }
  /** `reason`: why this PC cannot keep the keys safely, in words for the owner. */
  | { available: false; reason: string };

export interface KeyVault {
  availability(): Promise<VaultAvailability>;
  /** The saved keys, or null when none are saved. Throws when saved keys cannot be read back. */
  load(): Promise<SavedKeys | null>;
  save(keys: SavedKeys): Promise<void>;
  remove(): Promise<void>;
}

/** Reads what a vault stored; anything else (a hand-edited or truncated file) is refused rather than half-used. */
export function parseSavedKeys(text: string): SavedKeys {
  return SavedKeys.parse(JSON.parse(text));
}
