import { createTill, type Till, type TillShell } from '#core/create-till';
import type { CallerRequest } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import type { StripeAccount } from '#core/keys/key-vault';
import { createLogger } from '#core/log';
import { startTraining, type Training } from '#core/training';
import type { Channel } from '#shared/channels';
import type { StaffAccount } from '#shared/contract';
import type { Role } from '#shared/permissions';
import type { Result } from '#shared/result';
import { previewShell } from '../../src/web/preview-shell';
import { setUpDemoShop, TEST_OWNER_PIN } from './demo-shop';
import { tempDir } from './temp-dir';
import { createConfirmationToken } from './confirmation-token';

/** The session `call` uses: the checkout window, where set-up leaves the owner signed in. */
export const OWNER_SESSION: CallerRequest = { session: 'test-owner', window: 'checkout' };
let sessionCount = 0;

export interface TestTill {
  till: Till;
  dataDir: string;
  /** The Stripe simulator, when started with `{ training: true }`. */
  training: Training | null;
  /** A call from the checkout window, signed in as the owner (set-up signs them in; see `signIn` for others). */
  call<T = unknown>(channel: Channel, input?: unknown): Promise<Result<T>>;
  /** A call on another session: another window or PC, signed in as whoever `signIn` put there, or nobody. */
  callAs<T = unknown>(caller: CallerRequest, channel: Channel, input?: unknown): Promise<Result<T>>;
  /** The owner adds a staff member on the Staff page's channel (confirmed with the owner PIN set-up typed). */
  addStaff(name: string, role: Role, pin: string): Promise<StaffAccount>;
  /** Signs a staff member in on a session of their own and returns it, for `callAs`. */
  signIn(staffId: string, pin: string, window?: CallerRequest['window']): Promise<CallerRequest>;
  productId(sku: string): string;
  /** A ConfirmationToken for a card number, made as Stripe.js would (publishable key). Training only. */
  confirmationToken(cardNumber: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Till's core on a fresh order log, called the way a renderer calls it: through the contract. Set-up is done with
 * the demo shop (as the set-up screen's "Start with the demo shop" does, owner PIN TEST_OWNER_PIN) unless
 * `setup: 'none'` asks for a log that has not been set up.
 */
export async function startTill(
  options: {
    env?: NodeJS.ProcessEnv;
    training?: boolean;
    shell?: Partial<TillShell>;
    setup?: 'demo' | 'none';
    /** The owner PIN set-up types; TEST_OWNER_PIN by default. */
    ownerPin?: string;
    /** The Stripe account that keys in `env` open (a test or live log is named by it). */
    account?: StripeAccount;
    /** Exports of this many orders or more are written in parts on worker threads (orders-export.ts). */
    exportsInPartsFrom?: number;
    /** The workers' built script, out/main/export-worker.js (test/packaging). */
    exportWorker?: URL;
  } = {},
): Promise<TestTill> {
  const dir = tempDir('till-core-');
  const training = options.training ? await startTraining(dir.path) : null;
  const till = createTill({
    dataDir: dir.path,
    version: '0.0.0-test',
    env: options.env ?? {},
    stripe: training?.connection,
    stripeRetry: { attempts: 3, delayMs: () => 10 },
    logger: createLogger({ level: 'silent' }),
    shell: { ...previewShell, ...options.shell },
    account: options.account,
    exportsInPartsFrom: options.exportsInPartsFrom,
    exportWorker: options.exportWorker,
  });
  if ((options.setup ?? 'demo') === 'demo') await setUpDemoShop(till.handlers, options.ownerPin, OWNER_SESSION);
  const callAs = <T = unknown>(caller: CallerRequest, channel: Channel, input?: unknown) =>
    dispatch(till.handlers, channel, input, undefined, caller) as Promise<Result<T>>;
  return {
    till,
    dataDir: dir.path,
    training,
    call: <T = unknown>(channel: Channel, input?: unknown) => callAs<T>(OWNER_SESSION, channel, input),
    callAs,
    async addStaff(name, role, pin) {
      const added = await callAs<StaffAccount>(OWNER_SESSION, 'staff.add', {
        name,
        role,
        newPin: pin,
        newPinAgain: pin,
        pin: options.ownerPin ?? TEST_OWNER_PIN,
      });
      if (!added.ok) throw new Error(`Adding ${name} failed: ${added.error.message}`);
      return added.value;
    },
    async signIn(staffId, pin, window = 'checkout') {
      const caller: CallerRequest = { session: `test-${staffId}-${++sessionCount}`, window };
      const result = await callAs(caller, 'staff.signIn', { staffId, pin });
      if (!result.ok) throw new Error(`Signing in ${staffId} failed: ${result.error.message}`);
      return caller;
    },
    productId: (sku: string) => till.db.prepare('SELECT id FROM products WHERE sku = ?').pluck().get(sku) as string,
    async confirmationToken(cardNumber: string) {
      if (!training) throw new Error('confirmationToken needs { training: true }');
      return createConfirmationToken(training.simulator.url, training.simulator.keys.publishable, cardNumber);
    },
    async stop() {
      await till.close();
      await training?.close();
      dir.cleanup();
    },
  };
}
