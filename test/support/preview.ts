import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTill, type Till } from '#core/create-till';
import { createLogger } from '#core/log';
import { startTraining, type Training } from '#core/training';
import type { PreviewLimits } from '../../src/web/preview-limits';
import { startPreviewServer, type PreviewServer } from '../../src/web/preview-server';
import { setUpDemoShop } from './demo-shop';
import { tempDir } from './temp-dir';
import { previewShell } from '../../src/web/preview-shell';

export interface RunningPreview {
  till: Till;
  server: PreviewServer;
  dataDir: string;
  /** The Stripe simulator behind training mode, when started with `training: true`. */
  training: Training | null;
  stop(): Promise<void>;
}

/**
 * Till's core and the browser-preview server on a fresh order log. Uses the built renderer when given, or a
 * one-line page (enough for tests of the HTTP bridge itself). With `training`, the Stripe simulator runs too, as
 * in the real preview.
 */
export async function startPreview(
  options: {
    rendererDir?: string;
    bridgeFile?: string;
    training?: boolean;
    /** 'demo' (the default): set-up done with the demo shop, as its button does; 'none': a log not set up. */
    setup?: 'demo' | 'none';
    /** Shorter time-outs or a smaller cap, for tests of how the server treats slow and greedy clients. */
    limits?: Partial<PreviewLimits>;
  } = {},
): Promise<RunningPreview> {
  const dir = tempDir('till-preview-');
  let { rendererDir, bridgeFile } = options;
  if (!rendererDir || !bridgeFile) {
    rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body>test page</body></html>');
    bridgeFile = join(dir.path, 'bridge.js');
    writeFileSync(bridgeFile, '/* bridge */');
  }
  const dataDir = join(dir.path, 'data');
  const training = options.training ? await startTraining(dataDir) : null;
  const till = createTill({
    dataDir,
    version: '0.0.0-test',
    env: {},
    stripe: training?.connection,
    stripeRetry: { attempts: 3, delayMs: () => 20 },
    logger: createLogger({ level: 'silent' }),
    shell: previewShell,
  });
  if ((options.setup ?? 'demo') === 'demo') await setUpDemoShop(till.handlers);
  // As the real preview does: the event source and reconciliation run in the background.
  if (training) await till.startBackground();
  const server = await startPreviewServer({
    till,
    rendererDir,
    bridgeFile,
    payments: training ? { kind: 'simulator', origin: training.simulator.url } : { kind: 'none' },
    limits: options.limits,
  });
  return {
    till,
    server,
    dataDir,
    training,
    async stop() {
      await server.close();
      await training?.close();
      await till.close();
      dir.cleanup();
    },
  };
}
