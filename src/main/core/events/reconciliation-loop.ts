/**
 * Reconciliation on a clock: at start-up and every few minutes, open orders are checked against Stripe
 * (reconciler.ts), and events that arrived before the log knew their PaymentIntent are applied once it does.
 */
import type { Logger } from '../log';
import type { EventProcessor } from './event-processor';
import type { Reconciler } from './reconciler';

/** Open orders are checked against Stripe this often, on top of the check at start-up. */
export const RECONCILE_INTERVAL_MS = 3 * 60 * 1000;

export function createReconciliationLoop(reconciler: Reconciler, processor: EventProcessor, log: Logger) {
  let timer: NodeJS.Timeout | null = null;

  const runOnce = () =>
    reconciler
      .run()
      .then((report) => {
        // Events that arrived before the log knew their PaymentIntent (settled or restored just now) apply now.
        const adopted = processor.adoptUnmatched().length;
        if (report.restored || report.settled || adopted) {
          log.info({ ...report, adopted }, 'reconciled the order log with Stripe');
        }
      })
      .catch((error: unknown) => log.warn({ err: error }, 'reconciliation failed; will retry'));

  return {
    runOnce,
    /** Schedules the later runs (the host awaits the first one itself). */
    schedule() {
      timer ??= setInterval(() => void runOnce(), RECONCILE_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
