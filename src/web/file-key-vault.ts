/**
 * The browser preview's place for the Stripe keys: a file in the data folder that only the user can read (mode
 * 0600). It is not encrypted — the preview has no keychain to ask — so the settings say so beside the form.
 */
import { join } from 'node:path';
import { parseSavedKeys, type KeyVault } from '#core/keys/key-vault';
import { readPrivateFile, removePrivateFile, writePrivateFile } from '#core/keys/private-file';

export const PREVIEW_KEYS_FILE = 'stripe-keys.json';

export function createFileKeyVault(dataDir: string): KeyVault {
  const path = join(dataDir, PREVIEW_KEYS_FILE);
  return {
    availability: async () => ({
      available: true,
      warning: `The browser preview keeps these keys unencrypted in ${path}, a file only your user account can read. The desktop app keeps them encrypted.`,
    }),
    load: async () => {
      const bytes = readPrivateFile(path);
      return bytes ? parseSavedKeys(bytes.toString('utf8')) : null;
    },
    save: async (keys) => writePrivateFile(path, JSON.stringify(keys)),
    remove: async () => removePrivateFile(path),
  };
}
