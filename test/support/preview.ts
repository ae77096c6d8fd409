import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTill, type Till } from '../../src/main/core/create-till';
import { createLogger } from '../../src/main/core/log';
import { startPreviewServer, type PreviewServer } from '../../src/web/preview-server';
import { tempDir } from './temp-dir';

export interface RunningPreview {
  till: Till;
  server: PreviewServer;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Till's core and the browser-preview server on a fresh order log. Uses the built renderer when given, or a
 * one-line page (enough for tests of the HTTP bridge itself).
 */
export async function startPreview(
  options: { rendererDir?: string; bridgeFile?: string } = {},
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
  const till = createTill({
    dataDir,
    version: '0.0.0-test',
    env: {},
    logger: createLogger({ level: 'silent' }),
    shell: { openHistory: () => ({ url: '/#/history' }) },
  });
  const server = await startPreviewServer({ till, rendererDir, bridgeFile });
  return {
    till,
    server,
    dataDir,
    async stop() {
      await server.close();
      till.close();
      dir.cleanup();
    },
  };
}
