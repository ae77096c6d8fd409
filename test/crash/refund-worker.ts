/**
 * The host process the refund crash harness kills (test/integration/refund-crash-harness.test.ts): Till's core on
 * an order log of paid orders, talking to the harness's simulator through a delay proxy that dies with it.
 *
 * Run as `node --import tsx test/crash/refund-worker.ts '<plan JSON>'`. It announces each step as one JSON line:
 *   1. opens Till — `ready`; reconciles with Stripe, as start-up does — `reconcile`, `reconciled` (with `final`,
 *      again until no refund is left without an answer);
 *   2. gives the planned refund as the owner does from the history (owner PIN and all) — `refund`, `result`;
 *   3. `idle`, then waits to be killed (or, with `final`, closes Till and exits).
 */
import { dispatch } from '#core/ipc/dispatch';
import type { RefundOutcome } from '#shared/contract';
import type { Result } from '#shared/result';
import { signedInOwner } from '../support/demo-shop';
import { openCrashTill, runWorker, type CrashConnection } from './crash-till';
import { startDelayProxy } from './delay-proxy';

export interface RefundPlan extends CrashConnection {
  pin: string;
  /** Network delays for the refund the harness aims at (start-up runs without them). */
  forwardDelayMs: number;
  replyDelayMs: number;
  refund: { orderId: string; amount: number } | null;
  /** Exit after start-up instead of waiting to be killed. */
  final: boolean;
}

export type RefundWorkerMessage =
  | { t: 'ready' }
  | { t: 'reconcile' }
  | { t: 'reconciled'; refundsSettled: number; stillUnknown: number }
  | { t: 'refund'; orderId: string }
  | { t: 'result'; status: string }
  | { t: 'idle' };

const say = (message: RefundWorkerMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(plan: RefundPlan) {
  const proxy = await startDelayProxy({ target: plan.simUrl });
  const till = await openCrashTill(plan, proxy.url);
  const caller = plan.refund ? await signedInOwner(till.handlers, plan.pin) : undefined;
  say({ t: 'ready' });
  const reconcile = async () => {
    say({ t: 'reconcile' });
    const report = await till.reconciler!.run();
    say({ t: 'reconciled', refundsSettled: report.refundsSettled, stillUnknown: report.stillUnknown });
    return report;
  };
  let report = await reconcile();
  // The last start stays until every answer is in, as Till's reconciliation every few minutes would: a refund the
  // killed run sent may still be running at Stripe (a resend meets 409 until it is done).
  for (let tries = 0; plan.final && report.stillUnknown > 0; tries++) {
    if (tries > 100) throw new Error('refunds stayed without an answer');
    await sleep(50);
    report = await reconcile();
  }

  if (plan.refund) {
    proxy.setDelays({ forwardDelayMs: plan.forwardDelayMs, replyDelayMs: plan.replyDelayMs });
    say({ t: 'refund', orderId: plan.refund.orderId });
    const result = (await dispatch(
      till.handlers,
      'orders.refund',
      {
        ...plan.refund,
        reason: 'requested_by_customer',
        note: '',
        pin: plan.pin,
      },
      undefined,
      caller,
    )) as Result<RefundOutcome>;
    say({ t: 'result', status: result.ok ? result.value.status : `error:${result.error.code}` });
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
