import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinaryPath } from '../../scripts/electron-binary.mjs';
import { setUpDemoShopOnScreen } from './set-up';

const binary = electronBinaryPath();
const SKIP_REASON =
  'No Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1 or no access to GitHub); ' +
  'the Electron shell tests run in the release workflow on Windows, macOS and Linux.';

// The release workflow sets TILL_REQUIRE_ELECTRON: there the binary downloads, and a skip would hide a failure.
if (!binary && process.env.TILL_REQUIRE_ELECTRON) throw new Error(`TILL_REQUIRE_ELECTRON is set, but: ${SKIP_REASON}`);
if (!binary) console.log(`Skipping the Electron smoke test: ${SKIP_REASON}`);
test.skip(!binary, SKIP_REASON);

test('the desktop app opens on set-up, then Checkout with the demo catalog, sandboxed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.'],
    env: { ...process.env, TILL_DATA_DIR: dataDir },
  });
  try {
    const checkout = await app.firstWindow();
    // A fresh order log opens on set-up: the demo shop, as a new owner trying Till in training mode picks it.
    await setUpDemoShopOnScreen(checkout);
    await expect(checkout.getByText('Steel-toe work boots')).toBeVisible();
    expect(new URL(checkout.url()).origin).toBe('https://app.till.invalid');

    // The page has window.till and nothing of Node or Electron.
    const globals = await checkout.evaluate(() => {
      const page = globalThis as unknown as Record<string, unknown>;
      return { till: typeof page.till, require: typeof page.require, process: typeof page.process };
    });
    expect(globals).toEqual({ till: 'object', require: 'undefined', process: 'undefined' });

    const csp = await checkout.evaluate(
      async (url) => (await fetch(url)).headers.get('content-security-policy'),
      checkout.url(),
    );
    expect(csp).toContain("default-src 'self'");

    const historyOpened = app.waitForEvent('window');
    await checkout.getByRole('button', { name: 'Order history' }).click();
    const history = await historyOpened;
    await expect(history.getByRole('heading', { name: 'No orders yet' })).toBeVisible();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
