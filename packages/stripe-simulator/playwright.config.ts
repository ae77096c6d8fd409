import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * The Stripe.js stand-in's browser tests. Playwright's own browser download cannot work offline: use the system
 * Chromium (Debian's package) or the one PLAYWRIGHT_CHROMIUM_PATH names.
 */
export const systemChromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath:
      process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    // Quiet on a closed network: no background fetches to Google's hosts at start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

/** How these browser tests run: also Till's own (its playwright.config.ts spreads this). */
export const runSettings = {
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']] as [string][],
};

export default defineConfig({
  ...runSettings,
  testDir: 'test/stripejs',
  testMatch: '*.spec.ts',
  use: { trace: 'retain-on-failure', ...systemChromium },
});
