import { defineConfig } from '@playwright/test';
import { systemChromium } from './packages/stripe-simulator/playwright.config';

/**
 * `npm run docs:screenshots`: the user guide's pictures, taken from the browser preview in training mode at the
 * counter's screen size. Not part of `npm test` (its own config and a `.shots.ts` suffix that neither Playwright's
 * nor Vitest's test lists match): the pictures are for people, and the specs in test/e2e assert the behaviour.
 */
export default defineConfig({
  testDir: 'test/docs-screenshots',
  testMatch: '*.shots.ts',
  // One at a time: each starts its own preview and simulator, and the guide's images do not need speed.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { ...systemChromium, viewport: { width: 1366, height: 768 } },
});
