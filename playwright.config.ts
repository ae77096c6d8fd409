import { defineConfig } from '@playwright/test';
import { systemChromium } from './packages/stripe-simulator/playwright.config';

export default defineConfig({
  testDir: 'test',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'chromium', testMatch: 'e2e/**/*.spec.ts', use: systemChromium },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
