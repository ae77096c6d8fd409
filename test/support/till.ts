import { createTill, type Till, type TillShell } from '#core/create-till';
import { dispatch } from '#core/ipc/dispatch';
import type { StripeAccount } from '#core/keys/key-vault';
import { createLogger } from '#core/log';
import { startTraining, type Training } from '#core/training';
import type { Channel } from '#shared/channels';
import type { Result } from '#shared/result';
import { previewShell } from '../../src/web/preview-shell';
import { setUpDemoShop } from './demo-shop';
import { tempDir } from './temp-dir';
import { createConfirmationToken } from './confirmation-token';

export interface TestTill {
  till: Till;
  dataDir: string;
  /** The Stripe simulator, when started with `{ training: true }`. */
  training: Training | null;
  call<T = unknown>(channel: Channel, input?: unknown): Promise<Result<T>>;
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
  });
  if ((options.setup ?? 'demo') === 'demo') await setUpDemoShop(till.handlers, options.ownerPin);
  return {
    till,
    dataDir: dir.path,
    training,
    call: <T = unknown>(channel: Channel, input?: unknown) =>
      dispatch(till.handlers, channel, input) as Promise<Result<T>>,
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
