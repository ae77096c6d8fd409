/**
 * The desktop app's place for the Stripe keys: encrypted with Electron's safeStorage (the operating system's
 * keychain: DPAPI on Windows, the Keychain on macOS, the Secret Service or KWallet on Linux) in a file only the user
 * can read. Where safeStorage cannot encrypt — or on Linux would fall back to its hard-coded password
 * (`basic_text`) — Till says so and keeps nothing.
 */
import { safeStorage } from 'electron';
import { join } from 'node:path';
import { parseSavedKeys, type KeyVault, type VaultAvailability } from '#core/keys/key-vault';
import { readPrivateFile, removePrivateFile, writePrivateFile } from '#core/keys/private-file';

export const ENCRYPTED_KEYS_FILE = 'stripe-keys.enc';

const NO_KEYRING =
  'This PC has no keyring Till can use to encrypt the Stripe keys (on Linux: GNOME Keyring or KWallet), so Till will not keep them. Unlock or install a keyring, or set STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY in the environment.';

async function availability(): Promise<VaultAvailability> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return { available: false, reason: NO_KEYRING };
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { available: false, reason: NO_KEYRING };
  }
  return { available: true, warning: null };
}

export function createSafeStorageVault(dataDir: string): KeyVault {
  const path = join(dataDir, ENCRYPTED_KEYS_FILE);
  return {
    availability,
    load: async () => {
      const encrypted = readPrivateFile(path);
      if (!encrypted) return null;
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
      const keys = parseSavedKeys(result);
      // The keychain's key was rotated: keep the keys under the new one.
      if (shouldReEncrypt) writePrivateFile(path, await safeStorage.encryptStringAsync(result));
      return keys;
    },
    save: async (keys) => {
      const check = await availability();
      if (!check.available) throw new Error(check.reason);
      writePrivateFile(path, await safeStorage.encryptStringAsync(JSON.stringify(keys)));
    },
    remove: async () => removePrivateFile(path),
  };
}
