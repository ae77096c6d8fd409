/**
 * Till as the crash workers (test/crash/*-worker.ts) open it, and as a harness prepares the log before the first
 * kill: the same log, the same shop, quick retries, no logs.
 */
import { createTill } from '#core/create-till';
import { createLogger } from '#core/log';
import { previewShell } from '../../src/web/preview-shell';
import { setUpDemoShop } from '../support/demo-shop';

/** Where a worker's Till keeps its log and how it reaches the harness's simulator: part of every worker plan. */
export interface CrashConnection {
  dataDir: string;
  simUrl: string;
  secretKey: string;
  publishableKey: string;
}

/**
 * Till on the harness's log, talking to Stripe at `apiBase` (a worker's delay proxy, or the simulator itself), with
 * quick retries and no logs, the demo shop set up (`pin`: the owner's; nothing is set up again on a later start).
 */
export async function openCrashTill(connection: CrashConnection, apiBase: string, pin?: string) {
  const till = createTill({
    dataDir: connection.dataDir,
    version: '0.0.0-crash',
    env: {},
    stripe: {
      mode: 'training',
      secretKey: connection.secretKey,
      publishableKey: connection.publishableKey,
      apiBase,
    },
    stripeRetry: { attempts: 3, delayMs: () => 20 },
    logger: createLogger({ level: 'silent' }),
    shell: previewShell,
  });
  await setUpDemoShop(till.handlers, pin);
  return till;
}

/** A worker's entry point: its plan comes as JSON in the first argument; a crash of its own exits 1 with the stack. */
export function runWorker<P>(main: (plan: P) => Promise<void>) {
  main(JSON.parse(process.argv[2] ?? '{}') as P).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
