import { test as base } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPreview, type RunningPreview } from '../support/preview';

const rendererDir = resolve('out/renderer');
const bridgeFile = resolve('out/web/bridge.js');

/** Each test gets its own order log and preview server, started in-process on a random port. */
export const test = base.extend<{ preview: RunningPreview }>({
  // Playwright requires the destructuring pattern even when a fixture depends on no other fixture.
  // eslint-disable-next-line no-empty-pattern
  preview: async ({}, use) => {
    if (!existsSync(resolve(rendererDir, 'index.html')) || !existsSync(bridgeFile)) {
      throw new Error('The renderer is not built: run `npm run build` before the Playwright tests.');
    }
    const preview = await startPreview({ rendererDir, bridgeFile, training: true });
    await use(preview);
    await preview.stop();
  },
});
export { expect } from '@playwright/test';
