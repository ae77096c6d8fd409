import { defineConfig } from '@playwright/test';
import { runSettings, systemChromium } from './packages/stripe-simulator/playwright.config';

/** Till's browser tests: the preview in the system Chromium, and the Electron app where its binary is installed. */
export default defineConfig({
  ...runSettings,
  testDir: 'test',
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'chromium', testMatch: 'e2e/**/*.spec.ts', use: systemChromium },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
