import { createTill, type TillConfig } from '#core/create-till';
import type { CallerRequest } from '#core/ipc/caller';
import { createLogger } from '#core/log';
import { setUpDemoShop } from '../../test/support/demo-shop';
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

/** The checkout window's session, signed in as the owner by set-up: the benches call through it. */
export const BENCH_SESSION: CallerRequest = { session: 'bench', window: 'checkout' };

/**
 * benchTill on a new order log, set up with the demo shop (its catalog is what the benches sell) through the set-up
 * screen's own channel, which leaves BENCH_SESSION signed in as the owner.
 */
export async function newBenchTill(dataDir: string, stripe?: TillConfig['stripe']) {
  const till = benchTill(dataDir, stripe);
  await setUpDemoShop(till.handlers, undefined, BENCH_SESSION);
  return till;
}
