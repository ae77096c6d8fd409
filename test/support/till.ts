import { createTill, type Till } from '../../src/main/core/create-till';
import { dispatch } from '../../src/main/core/ipc/dispatch';
import { createLogger } from '../../src/main/core/log';
import type { Channel } from '../../src/shared/channels';
import type { Result } from '../../src/shared/result';
import { tempDir } from './temp-dir';
import { previewShell } from '../../src/web/preview-shell';

/** Till's core on a fresh order log, called the way a renderer calls it: through the contract. */
export function startTill(env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir('till-core-');
  const till: Till = createTill({
    dataDir: dir.path,
    version: '0.0.0-test',
    env,
    logger: createLogger({ level: 'silent' }),
    shell: previewShell,
  });
  return {
    till,
    call: <T = unknown>(channel: Channel, input?: unknown) =>
      dispatch(till.handlers, channel, input) as Promise<Result<T>>,
    productId: (sku: string) => till.db.prepare('SELECT id FROM products WHERE sku = ?').pluck().get(sku) as string,
    stop() {
      till.close();
      dir.cleanup();
    },
  };
}
