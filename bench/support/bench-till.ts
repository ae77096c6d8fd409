import { createTill, type TillConfig } from '#core/create-till';
import { createLogger } from '#core/log';
import { previewShell } from '../../src/web/preview-shell';

/** Till's core on an order log in `dataDir`, silent, as every bench runs it; `stripe` for the ones that pay. */
export function benchTill(dataDir: string, stripe?: TillConfig['stripe']) {
  return createTill({
    dataDir,
    version: 'bench',
    env: {},
    stripe,
    logger: createLogger({ level: 'silent' }),
    shell: previewShell,
  });
}
