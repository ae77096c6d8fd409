import { join } from 'node:path';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '#core/ipc/dispatch';
import type { PaymentOutcome } from '#shared/contract';
import { timeOrderedId } from '#shared/time-ordered-id';
import { openCrashTill } from '../crash/crash-till';
import { crashHarness } from '../crash/harness-setup';
import type { RefundPlan, RefundWorkerMessage } from '../crash/refund-worker';
import { WorkerProcess } from '../crash/worker-process';
import { createConfirmationToken } from '../support/confirmation-token';
import { signedInOwner } from '../support/demo-shop';
import { seededRandom } from '../support/random';

/**
 * Refunds, "never twice": kill the host process at randomized points of a refund the owner gives, restart it, and
 * hold the order log against Stripe — no refund made twice, none made that the log does not know, every refund
 * the log asked for either made at Stripe or marked failed, every order's refunded amount what Stripe says.
 *
 * As in the payment harness (crash-harness.test.ts), the simulator runs here and Till runs in a child process
 * (test/crash/refund-worker.ts) behind a delay proxy that dies with it; the kill is aimed at one phase and the
 * phase it hit is read from the evidence (the log on disk, what the simulator had seen and committed).
 *
 * REFUND_CRASH_SEED=<n> replays a run's choices; REFUND_CRASH_KILLS=<n> changes the count.
 */

const KILLS = Number(process.env.REFUND_CRASH_KILLS ?? 40);
const SEED = Number(process.env.REFUND_CRASH_SEED ?? Date.now() % 1_000_000);
const WORKER = join(import.meta.dirname, '..', 'crash', 'refund-worker.ts');
const ORDERS = 10;
const PIN = '2468';

const PHASES = [
  'during start-up reconciliation',
  'before the refund write',
  'refund written, Stripe not reached',
  'Stripe processing',
  'Stripe committed, answer not written',
  'answer written',
] as const;
type Phase = (typeof PHASES)[number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RefundRow {
  id: string;
  order_id: string;
  idempotency_key: string;
  stripe_refund_id: string | null;
  amount: number;
  status: string;
}

describe('crash harness: SIGKILL at randomized points of a refund', () => {
  const harness = crashHarness('till-refund-crash-');
  const { keys, withLog } = harness;
  const ownRefunds = () =>
    withLog(
      (db) =>
        db
          .prepare(
            "SELECT id, order_id, idempotency_key, stripe_refund_id, amount, status FROM refunds WHERE staff_id = 'owner'",
          )
          .all() as RefundRow[],
    );

  beforeAll(async () => {
    // The shop before the first kill: an owner PIN and paid orders to refund.
    const { sim } = harness;
    const till = await openCrashTill(harness.connection(), sim.url, PIN);
    const caller = await signedInOwner(till.handlers, PIN);
    for (let i = 0; i < ORDERS; i++) {
      const paid = await dispatch(
        till.handlers,
        'checkout.pay',
        {
          checkoutId: timeOrderedId(),
          cart: {
            lines: [
              { kind: 'custom', description: 'Crash-test order', unitPrice: 5_000 + i * 1_733, taxClass: 'zero_rated' },
            ],
          },
          customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
          note: '',
          confirmationTokenId: await createConfirmationToken(sim.url, sim.keys.publishable, '4242424242424242'),
        },
        undefined,
        caller,
      );
      if (!paid.ok || (paid.value as PaymentOutcome).status !== 'paid') throw new Error(JSON.stringify(paid));
    }
    await till.close();
  });

  it(`never refunds twice over ${KILLS} kills (seed ${SEED})`, { timeout: 240_000 }, async () => {
    const started = performance.now();
    const random = seededRandom(SEED);
    const between = (low: number, high: number) => low + Math.floor(random() * (high - low));
    console.log(`refund crash harness seed: ${SEED} (REFUND_CRASH_SEED=${SEED} replays the choices)`);
    const hits: Record<Phase, number> = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
    const plan = (extra: Partial<RefundPlan>): RefundPlan => ({
      ...harness.connection(),
      pin: PIN,
      forwardDelayMs: 0,
      replyDelayMs: 0,
      refund: null,
      final: false,
      ...extra,
    });
    let asked = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      // What is left on the orders, as the history shows it; a refund of part (sometimes all) of one of them.
      const open = withLog(
        (db) =>
          db.prepare("SELECT id, total - amount_refunded AS left FROM orders WHERE payment_state = 'paid'").all() as {
            id: string;
            left: number;
          }[],
      ).filter((order) => order.left > 0);
      const order = open[Math.floor(random() * open.length)];
      const amount = order ? (random() < 0.2 ? order.left : between(1, Math.min(order.left, 3_000) + 1)) : 0;

      const aim = PHASES[Math.floor(random() * PHASES.length)]!;
      const forward = aim === 'refund written, Stripe not reached' ? between(100, 180) : between(0, 20);
      // Half the time Stripe is slower than a restart: the resend meets the first request still running (409).
      const latency = aim === 'Stripe processing' ? (random() < 0.5 ? between(1_200, 1_600) : between(100, 180)) : 0;
      const reply = aim === 'Stripe committed, answer not written' ? between(100, 180) : between(0, 20);
      harness.sim.admin.clearFaults();
      const before = new Set(ownRefunds().map((row) => row.id));
      const worker = new WorkerProcess<RefundWorkerMessage>(
        WORKER,
        plan({ forwardDelayMs: forward, replyDelayMs: reply, refund: order ? { orderId: order.id, amount } : null }),
      );
      /** The refund this run wrote, once it is on the disk. */
      const written = () => ownRefunds().find((row) => !before.has(row.id));
      const untilWritten = async () => {
        for (let i = 0; i < 400 && !written(); i++) await sleep(5);
        return written();
      };
      if (aim !== 'during start-up reconciliation') {
        if (!(await worker.waitFor((m) => m.t === 'refund' || m.t === 'idle'))) {
          throw new Error(`worker exited: ${worker.stderr}`);
        }
        if (latency) harness.sim.admin.setFaults({ latencyMs: latency, paths: ['/v1/refunds'] });
      }
      switch (aim) {
        case 'during start-up reconciliation':
          await worker.waitFor((m) => m.t === 'reconcile');
          await sleep(between(0, 30));
          break;
        case 'before the refund write':
          await sleep(between(0, 60)); // the owner PIN's check (scrypt) comes first
          break;
        case 'refund written, Stripe not reached':
          await untilWritten();
          await sleep(between(0, forward - 20));
          break;
        case 'Stripe processing': {
          const row = await untilWritten();
          for (let i = 0; row && i < 400 && !keys.arrived.has(row.idempotency_key); i++) await sleep(5);
          await sleep(between(5, Math.min(latency, 180)));
          break;
        }
        case 'Stripe committed, answer not written': {
          const row = await untilWritten();
          for (let i = 0; row && i < 600 && !keys.committed.has(row.idempotency_key); i++) await sleep(5);
          await sleep(between(0, reply - 20));
          break;
        }
        case 'answer written':
          await worker.waitFor((m) => m.t === 'result' || m.t === 'idle');
          await sleep(between(0, 30));
          break;
      }
      const refund = worker.messages.some((m) => m.t === 'refund');
      const code = await worker.kill();
      expect(code, worker.stderr).toBeNull(); // killed, not crashed on its own

      const row = written();
      if (row) asked++;
      const phase: Phase = !refund
        ? 'during start-up reconciliation'
        : !row
          ? 'before the refund write'
          : row.status !== 'unknown' || row.stripe_refund_id
            ? 'answer written'
            : keys.committed.has(row.idempotency_key)
              ? 'Stripe committed, answer not written'
              : keys.arrived.has(row.idempotency_key)
                ? 'Stripe processing'
                : 'refund written, Stripe not reached';
      hits[phase]++;
    }

    // The last start: no kill. Start-up reconciliation settles every refund whose answer never came.
    harness.sim.admin.clearFaults();
    const last = new WorkerProcess<RefundWorkerMessage>(WORKER, plan({ final: true }));
    const code = await Promise.race([last.exited, sleep(60_000).then(() => 'timeout' as const)]);
    expect(code, last.stderr).toBe(0);

    // ---- Verification against Stripe ----
    const atStripe: Stripe.Refund[] = [];
    for await (const refund of harness.stripe.refunds.list({ limit: 100 })) atStripe.push(refund);
    const byTillId = new Map<string, Stripe.Refund[]>();
    for (const refund of atStripe) {
      const id = refund.metadata?.till_refund_id;
      if (id) byTillId.set(id, [...(byTillId.get(id) ?? []), refund]);
    }
    const rows = ownRefunds();
    const rowIds = new Set(rows.map((row) => row.id));
    const refundedTwice = [...byTillId].filter(([, list]) => list.length > 1).map(([id]) => id);
    const unknownToTheLog = [...byTillId.keys()].filter((id) => !rowIds.has(id));
    const mismatches = rows.filter((row) => {
      const [made] = byTillId.get(row.id) ?? [];
      return made ? row.stripe_refund_id !== made.id || row.status !== made.status : row.status !== 'failed';
    });
    const orders = withLog(
      (db) =>
        db.prepare('SELECT id, total, amount_refunded, payment_intent_id FROM orders').all() as {
          id: string;
          total: number;
          amount_refunded: number;
          payment_intent_id: string;
        }[],
    );
    const wrongTotals = orders.filter((order) => {
      const refunded = atStripe
        .filter((r) => r.payment_intent === order.payment_intent_id && r.status !== 'failed' && r.status !== 'canceled')
        .reduce((sum, r) => sum + r.amount, 0);
      return order.amount_refunded !== refunded || refunded > order.total;
    });

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`refund crash harness: ${KILLS} kills in ${seconds} s (seed ${SEED})`);
    console.table(Object.fromEntries(PHASES.map((p) => [p, { kills: hits[p] }])));
    console.table({
      kills: KILLS,
      'refunds Till wrote': asked,
      'made at Stripe': rows.filter((row) => byTillId.has(row.id)).length,
      'refused or never made (marked failed)': rows.filter((row) => row.status === 'failed').length,
      'refunded twice': refundedTwice.length,
      'made at Stripe, unknown to the log': unknownToTheLog.length,
      mismatches: mismatches.length,
      'orders whose refunded amount differs from Stripe': wrongTotals.length,
    });

    expect(refundedTwice).toEqual([]);
    expect(unknownToTheLog).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(wrongTotals).toEqual([]);
    expect(rows).toHaveLength(asked);
    // The kills landed in every phase of a refund.
    for (const phase of PHASES) expect(hits[phase], phase).toBeGreaterThan(0);
  });
});
