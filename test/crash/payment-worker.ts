/**
 * The host process the crash harness kills (test/integration/crash-harness.test.ts): Till's core on an order log in
 * `dataDir`, talking to the harness's simulator through a delay proxy that lives (and dies) in this process.
 *
 * Run as `node --import tsx test/crash/payment-worker.ts '<plan JSON>'`. What it does, announcing each step as one
 * JSON line on stdout so the harness can aim its SIGKILL:
 *   1. opens Till (start-up) — `ready`;
 *   2. reconciles with Stripe, as start-up does — `reconcile`, `reconciled`;
 *   3. for each unfinished checkout of the plan, oldest first: waits until an unknown outcome is settled
 *      (reconciling again), then — as a clerk pressing Pay again — tries the next card on the same checkout until
 *      one is paid or the cards run out — `token` (the card is being tokenized), `pay`, `result`;
 *   4. `idle`, then waits to be killed (or, with `final`, closes Till and exits).
 */
import { dispatch } from '#core/ipc/dispatch';
import type { PaymentOutcome } from '#shared/contract';
import type { Result } from '#shared/result';
import { createConfirmationToken } from '../support/confirmation-token';
import { signedInOwner } from '../support/demo-shop';
import { openCrashTill, runWorker, type CrashConnection } from './crash-till';
import { startDelayProxy } from './delay-proxy';

export interface CrashCheckout {
  id: string;
  /** The cards the caller offers, in order: the clerk tries the next one after a decline. */
  cards: string[];
  amount: number;
}

export interface WorkerPlan extends CrashConnection {
  /** Network delays for the payment the harness aims at (recovery before it runs without them). */
  forwardDelayMs: number;
  replyDelayMs: number;
  checkouts: CrashCheckout[];
  /** The checkout the harness aims its kill at (the new one). */
  target: string | null;
  /** Settle everything, then exit instead of waiting to be killed. */
  final: boolean;
}

export type WorkerMessage =
  | { t: 'ready' }
  | { t: 'reconcile' }
  | { t: 'reconciled'; checked: number; settled: number; stillUnknown: number; restored: number }
  | { t: 'token'; checkoutId: string; attemptNo: number }
  | { t: 'pay'; checkoutId: string; attemptNo: number }
  | { t: 'result'; checkoutId: string; attemptNo: number; status: string }
  | { t: 'idle' };

const say = (message: WorkerMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(plan: WorkerPlan) {
  const proxy = await startDelayProxy({ target: plan.simUrl });
  const till = await openCrashTill(plan, proxy.url);
  const caller = await signedInOwner(till.handlers);
  const reconciler = till.reconciler!;
  say({ t: 'ready' });

  const reconcile = async () => {
    say({ t: 'reconcile' });
    const report = await reconciler.run();
    say({ t: 'reconciled', ...report });
  };
  const state = (id: string) =>
    till.db.prepare('SELECT payment_state FROM orders WHERE id = ?').pluck().get(id) as string | undefined;
  const attempts = (id: string) =>
    till.db.prepare('SELECT count(*) FROM payment_attempts WHERE order_id = ?').pluck().get(id) as number;

  /** Stripe.js's part: the card becomes a ConfirmationToken (through the same network as everything else). */
  async function confirmationToken(card: string): Promise<string> {
    for (;;) {
      // The proxy may be holding or cutting requests: keep asking until the token exists.
      const id = await createConfirmationToken(proxy.url, plan.publishableKey, card).catch(() => null);
      if (id) return id;
      await sleep(20);
    }
  }

  await reconcile();
  for (const checkout of plan.checkouts) {
    if (checkout.id === plan.target) {
      proxy.setDelays({ forwardDelayMs: plan.forwardDelayMs, replyDelayMs: plan.replyDelayMs });
    }
    for (let tries = 0; ; tries++) {
      const payment = state(checkout.id);
      if (payment === 'processing') {
        // The outcome is not known yet (Stripe may still be working on the killed request): ask again shortly.
        if (tries > 200) throw new Error(`checkout ${checkout.id} stayed processing`);
        await sleep(25);
        await reconcile();
        continue;
      }
      if (payment === 'paid' || payment === 'canceled' || payment === 'requires_action') break;
      const attemptNo = payment === undefined ? 1 : attempts(checkout.id) + 1;
      const card = checkout.cards[attemptNo - 1];
      if (!card) break;
      say({ t: 'token', checkoutId: checkout.id, attemptNo });
      const token = await confirmationToken(card);
      say({ t: 'pay', checkoutId: checkout.id, attemptNo });
      const result = (await dispatch(
        till.handlers,
        'checkout.pay',
        {
          checkoutId: checkout.id,
          cart: {
            lines: [
              { kind: 'custom', description: 'Crash-test order', unitPrice: checkout.amount, taxClass: 'zero_rated' },
            ],
          },
          customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
          note: '',
          confirmationTokenId: token,
        },
        undefined,
        caller,
      )) as Result<PaymentOutcome>;
      say({
        t: 'result',
        checkoutId: checkout.id,
        attemptNo,
        status: result.ok ? result.value.status : `error:${result.error.code}`,
      });
    }
  }
  say({ t: 'idle' });
  if (plan.final) {
    await till.close();
    await proxy.close();
    return;
  }
  setInterval(() => undefined, 60_000);
}

runWorker(main);
