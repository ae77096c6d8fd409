/**
 * What both hosts of core (the Electron shell and the browser preview) do around createTill: pick the Stripe keys
 * (environment, then saved, then training), start the training simulator when there are none, and — when the owner
 * saves or removes keys — close core and create it again on the order log of the keys now in effect. createTill
 * stays wiring only; the hosts only ever ask this for the current core.
 */
import { join } from 'node:path';
import { restoreOrderLog, type RestoreResult } from './backup/restore-order-log';
import { createTill, type Till, type TillShell } from './create-till';
import type { KeyVault } from './keys/key-vault';
import { connectionFor, resolveStripeSetup } from './keys/stripe-setup';
import { verifyStripeKeys } from './keys/verify-keys';
import { makePrivateDir } from './keys/private-file';
import { createLogger, type Logger } from './log';
import type { RetryPolicy } from './payments/stripe-call';
import type { CspOptions } from './security/csp';
import { startTraining, type Training } from './training';

export interface TillHostOptions {
  dataDir: string;
  version: string;
  /** STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY here win over saved keys. */
  env: NodeJS.ProcessEnv;
  vault: KeyVault;
  shell: TillShell;
  logger?: Logger;
  stripeRetry?: RetryPolicy;
  /** Tests and demos (TILL_STRIPE_API_BASE): test keys talk to a Stripe simulator at this URL, not to Stripe. */
  stripeApiBase?: string;
  /** Start each new core's event source and reconciliation (hosts do; some tests drive them by hand). */
  background?: boolean;
  /** Each new core, after a switch of keys (the Electron shell points its windows' pushes at it). */
  onSwitched?(till: Till): void;
}

export interface TillHost {
  /** The core in use now; a switch of keys replaces it. */
  readonly till: Till;
  /** The simulator behind training mode, while in training mode. */
  readonly training: Training | null;
  /** What the content security policy must allow for the card form now. */
  payments(): CspOptions['payments'];
  close(): Promise<void>;
}

/**
 * TILL_EXPORT_PARTS_FROM: from how many orders an export is written by worker threads (20,000 unless set). The
 * release workflow sets it to 1 to prove, with a history of one order, that the packaged app starts those threads
 * from inside app.asar (test/electron/packaged-export.spec.ts).
 */
export function exportsInPartsFrom(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.TILL_EXPORT_PARTS_FROM;
  if (value === undefined || value === '') return undefined;
  const orders = Number(value);
  if (!Number.isSafeInteger(orders) || orders < 1) {
    throw new Error(`TILL_EXPORT_PARTS_FROM must be a whole number of orders, 1 or more; it is "${value}".`);
  }
  return orders;
}

export async function startTillHost(options: TillHostOptions): Promise<TillHost> {
  const { dataDir, version, vault, stripeApiBase: apiBase } = options;
  const partsFrom = exportsInPartsFrom(options.env);
  // Before anything writes into it (the log, the simulator's state, the keys): a new data folder is the user's only.
  makePrivateDir(dataDir);
  const log = options.logger ?? createLogger({ file: join(dataDir, 'logs', 'till.log') });
  let training: Training | null = null;
  let till: Till | undefined;

  const open = async (): Promise<Till> => {
    const setup = await resolveStripeSetup({ env: options.env, vault, version, apiBase });
    if (setup.keys && training) {
      await training.close();
      training = null;
    }
    if (!setup.keys && !training) training = await startTraining(dataDir);
    const core = createTill({
      dataDir,
      version,
      // The environment was read above; core takes the connection it was given.
      env: {},
      logger: log,
      stripeRetry: options.stripeRetry,
      exportsInPartsFrom: partsFrom,
      shell: options.shell,
      stripe: connectionFor(setup, apiBase) ?? training!.connection,
      account: setup.keys?.account ?? null,
      keys: {
        source: setup.source,
        vault,
        verify: (keys) => verifyStripeKeys(keys, { version, apiBase }),
        switchKeys,
      },
      restoreBackup,
    });
    // Windows must not wait for reconciliation with Stripe (seconds online, longer offline): it runs behind them.
    if (options.background) {
      void core.startBackground().catch((error: unknown) => core.log.error({ err: error }, 'background start failed'));
    }
    return core;
  };

  async function switchKeys(): Promise<void> {
    // The same shop, another Stripe account or mode: its details, taxes and owner PIN go to the new log with it.
    const carried = till?.setup.carry() ?? null;
    const signedIn = till?.sessions.signedIn() ?? [];
    await till?.close();
    till = await open();
    if (carried) till.setup.adopt(carried);
    // The owner who just typed their PIN to save the keys stays signed in, where the new log has them.
    till.sessions.adopt(signedIn);
    log.info({ mode: till.mode }, 'Stripe keys changed: Till reopened on their order log');
    options.onSwitched?.(till);
  }

  /**
   * Till restarts on a backup: core closes (its event source and checkpoints stop), the backup takes the log's
   * place, and core opens again on it — migrations, then reconciliation and the events catch-up bring back from
   * Stripe what came after the backup. If the swap fails, core opens again on the log it had.
   */
  async function restoreBackup(file: string, takenAt: number): Promise<RestoreResult> {
    const signedIn = till!.sessions.signedIn();
    const databaseFile = till!.databaseFile;
    await till!.close();
    try {
      return restoreOrderLog({ databaseFile, backupFile: file, backupTakenAt: takenAt });
    } finally {
      till = await open();
      // The owner who confirmed the restore stays signed in, where the backup has them.
      till.sessions.adopt(signedIn);
      log.info({ file }, 'order log restored from a backup: Till reopened on it');
      options.onSwitched?.(till);
    }
  }

  till = await open();
  return {
    get till() {
      return till!;
    },
    get training() {
      return training;
    },
    payments: () =>
      training
        ? { kind: 'simulator', origin: training.simulator.url }
        : apiBase
          ? { kind: 'simulator', origin: new URL(apiBase).origin }
          : { kind: 'stripe' },
    async close() {
      // The backup on quit: the day's last orders reach the owner's folder before the PC goes off.
      await till?.backupOnQuit();
      await till?.close();
      await training?.close();
    },
  };
}
