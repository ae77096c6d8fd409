import { test as base } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPreview, type RunningPreview } from '../support/preview';

const rendererDir = resolve('out/renderer');
const bridgeFile = resolve('out/web/bridge.js');

/**
 * Each test gets its own order log and preview server, started in-process on a random port, set up with the demo
 * shop as its set-up button does; `test.use({ setup: 'none' })` gives a fresh log that opens on the set-up screen.
 */
export const test = base.extend<{ preview: RunningPreview; setup: 'demo' | 'none' }>({
  setup: ['demo', { option: true }],
  preview: async ({ setup }, use) => {
    if (!existsSync(resolve(rendererDir, 'index.html')) || !existsSync(bridgeFile)) {
      throw new Error('The renderer is not built: run `npm run build` before the Playwright tests.');
    }
    const preview = await startPreview({ rendererDir, bridgeFile, training: true, setup });
    await use(preview);
    await preview.stop();
  },
});
export { expect } from '@playwright/test';
