/**
 * The desktop app's key vault, with Electron's safeStorage replaced by a stand-in: keys are written only encrypted,
 * to a file only the user can read, and where safeStorage cannot encrypt (or would fall back to its hard-coded
 * password on Linux) nothing is written and the owner is told why.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SavedKeys } from '#core/keys/key-vault';
import { tempDir } from '../support/temp-dir';

const safeStorage = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret',
  isAsyncEncryptionAvailable: async () => safeStorage.available,
  getSelectedStorageBackend: () => safeStorage.backend,
  encryptStringAsync: async (plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`),
  decryptStringAsync: async (sealed: Buffer) => ({
    result: Buffer.from(sealed.toString().replace(/^sealed:/, ''), 'base64').toString(),
    shouldReEncrypt: false,
  }),
}));
vi.mock('electron', () => ({ safeStorage }));

const { createSafeStorageVault, ENCRYPTED_KEYS_FILE } = await import('../../src/main/shell/safe-storage-vault');

const KEYS: SavedKeys = {
  secretKey: 'rk_live_51AbCdEfGhIjKlMnOp9f3a',
  publishableKey: 'pk_live_51AbCdEfGhIjKlMnOp1234',
  mode: 'live',
  account: { id: 'acct_1AbCdEf', name: 'Kamloops Safety Supply' },
};

describe('the safeStorage key vault', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('till-vault-');
    safeStorage.available = true;
    safeStorage.backend = 'gnome_libsecret';
  });
  afterEach(() => dir.cleanup());

  it('keeps the keys only encrypted, in a file only the user can read, and reads them back', async () => {
    const vault = createSafeStorageVault(dir.path);
    await vault.save(KEYS);
    const file = join(dir.path, ENCRYPTED_KEYS_FILE);
    expect(readFileSync(file, 'utf8')).not.toContain(KEYS.secretKey);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await vault.load()).toEqual(KEYS);
    await vault.remove();
    expect(await vault.load()).toBeNull();
  });

  it.each([
    ['safeStorage cannot encrypt', () => (safeStorage.available = false)],
    ['Linux would use its hard-coded password', () => (safeStorage.backend = 'basic_text')],
  ])('stores nothing and says why when %s', async (_case, arrange) => {
    if (_case.startsWith('Linux') && process.platform !== 'linux') return;
    arrange();
    const vault = createSafeStorageVault(dir.path);
    const availability = await vault.availability();
    expect(availability).toMatchObject({ available: false, reason: expect.stringContaining('no keyring') });
    await expect(vault.save(KEYS)).rejects.toThrow(/will not keep them/);
    expect(existsSync(join(dir.path, ENCRYPTED_KEYS_FILE))).toBe(false);
  });
});
