import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { createTill, type Till } from '#core/create-till';
import { setUpDemoShop, signedInOwner } from '../support/demo-shop';
import type { CallerRequest } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import type { PaymentOutcome } from '#shared/contract';
import type { Result } from '#shared/result';
import { startSimulator, type FaultKind, type RunningSimulator } from '@till/stripe-simulator';
import { previewShell } from '../../src/web/preview-shell';
import { startDelayProxy, type DelayProxy } from '../crash/delay-proxy';
import { tempDir } from '../support/temp-dir';
import { createConfirmationToken } from '../support/confirmation-token';
import { paymentStateOfIntent, readStripeLedger } from '../support/stripe-ledger';

/**
 * Issue 5, "the order log stays true": 500 payments through checkout.pay while 20% of the requests Till sends to
 * Stripe fail — 500s before and after the payment committed, hung requests before and after, dropped connections
 * before and after, 429s with Stripe-Should-Retry — then the faults stop and reconciliation runs, as it does every few
 * minutes. Afterwards: 0 duplicate charges, 0 lost orders or payments, every order paid, failed or flagged for review,
 * and every order where Stripe says it is.
 *
 * Hung requests: core's stripe-node client waits 20 s (createStripeClient's `timeout`, not configurable through
 * createTill), which would make this run take minutes. A loopback proxy between Till and the simulator closes a
 * request's connection after FAULT_DEADLINE_MS without an answer — to Till exactly what its own timeout does (a
 * StripeConnectionError after the request was sent: outcome unknown).
 *
 * FAULT_PAYMENTS, FAULT_RATE, FAULT_SEED, FAULT_CLERKS (payments in flight at once) change the run.
 */

const PAYMENTS = Number(process.env.FAULT_PAYMENTS ?? 500);
const RATE = Number(process.env.FAULT_RATE ?? 0.2);
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
const CLERKS = Number(process.env.FAULT_CLERKS ?? 4);
const DEADLINE_MS = 400;
const KINDS: FaultKind[] = ['500', '500_after', 'timeout', 'timeout_after', 'drop', 'drop_after', '429'];

const GOOD_CARDS = ['4242424242424242', '5555555555554444', '4000056655665556'];
const DECLINING_CARDS = ['4000000000000002', '4000000000009995', '4000000000000069'];
/** 15% of callers' cards decline, as in a real shop's day. */
const cardFor = (i: number) => (i % 20 < 17 ? GOOD_CARDS[i % 3]! : DECLINING_CARDS[i % 3]!);

const confirmationToken = (sim: RunningSimulator, card: string) =>
  createConfirmationToken(sim.url, sim.keys.publishable, card);

function pay(till: Till, caller: CallerRequest, checkoutId: string, amount: number, token: string) {
  return dispatch(
    till.handlers,
    'checkout.pay',
    {
      checkoutId,
      cart: { lines: [{ kind: 'custom', description: 'Fault-run order', unitPrice: amount, taxClass: 'zero_rated' }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: token,
    },
    undefined,
    caller,
  ) as Promise<Result<PaymentOutcome>>;
}

/** What the clerk was told means "nothing was charged, try again": the last try failed before Stripe ran it. */
const REFUSED_BEFORE_RUNNING = ['rate_limit', 'stripe_unreachable'];

interface OrderRow {
  id: string;
  payment_state: string;
  payment_intent_id: string | null;
  review_reason: string | null;
  total: number;
}

/*
 * Two runs: with Till's own retry policy (3 tries per payment, same key — most faults are absorbed there), and with
 * a single try, so that every fault reaches the order log and reconciliation has to settle it.
 */
describe.each([
  { tries: 3, label: "Till's retries (3 tries)" },
  { tries: 1, label: 'no retries (every fault reaches the log)' },
])('fault run, $label: payments while Stripe misbehaves', ({ tries }) => {
  const dir = tempDir('till-faults-');
  let sim: RunningSimulator | undefined;
  let proxy: DelayProxy | undefined;
  let till: Till | undefined;

  afterAll(async () => {
    await till?.close();
    await proxy?.close();
    await sim?.close();
    dir.cleanup();
  });

  it(
    `${PAYMENTS} payments, ${RATE * 100}% of requests faulted: 0 duplicates, 0 lost`,
    { timeout: 240_000 },
    async () => {
      const started = performance.now();
      console.log(`fault run seed: ${SEED} (FAULT_SEED=${SEED} replays the fault sequence)`);
      sim = await startSimulator({ port: 0, builtInPlugins: false });
      proxy = await startDelayProxy({ target: sim.url, deadlineMs: DEADLINE_MS });
      till = createTill({
        dataDir: dir.path,
        version: '0.0.0-test',
        env: {},
        stripe: {
          mode: 'training',
          secretKey: sim.keys.secret,
          publishableKey: sim.keys.publishable,
          apiBase: proxy.url,
        },
        stripeRetry: { attempts: tries, delayMs: () => 5 },
        logger: createLogger({ level: 'silent' }),
        shell: previewShell,
      });
      await setUpDemoShop(till.handlers);
      const caller = await signedInOwner(till.handlers);
      const stripe = new Stripe(sim.keys.secret, {
        host: '127.0.0.1',
        port: sim.port,
        protocol: 'http',
        maxNetworkRetries: 0,
      });

      // Stripe.js's part, before the run: each caller's card becomes a ConfirmationToken.
      const checkouts: { id: string; card: string; amount: number; token: string }[] = [];
      for (let i = 0; i < PAYMENTS; i++) {
        const card = cardFor(i);
        const token = await confirmationToken(sim, card);
        checkouts.push({ id: randomUUID(), card, amount: 500 + ((i * 7919) % 20_000), token });
      }

      // ---- The run: every request Till sends from now on has a RATE chance of a fault ----
      sim.admin.setFaults({ errorRate: RATE, kinds: KINDS, seed: SEED });
      const requestsBefore = proxy.stats.requests;
      const runStarted = performance.now();
      const outcomes: Record<string, number> = {};
      let next = 0;
      const clerk = async () => {
        for (let i = next++; i < checkouts.length; i = next++) {
          const c = checkouts[i]!;
          const result = await pay(till!, caller, c.id, c.amount, c.token);
          const key = result.ok ? result.value.status : `error: ${result.error.code}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: CLERKS }, clerk));
      const runSeconds = (performance.now() - runStarted) / 1000;
      const requests = proxy.stats.requests - requestsBefore;
      const injected = sim.admin.faults().injected;
      const network = { ...proxy.stats };
      sim.admin.clearFaults();

      const lastAttempt = till.db.prepare<[string], { status: string; error_code: string | null }>(
        'SELECT status, error_code FROM payment_attempts WHERE order_id = ? ORDER BY attempt_no DESC LIMIT 1',
      );
      // ---- Stripe is well again. Where the clerk was told "nothing was charged, try again", they press Pay again ----
      let payAgain = 0;
      for (const c of checkouts) {
        const state = till.db.prepare('SELECT payment_state FROM orders WHERE id = ?').pluck().get(c.id);
        if (state !== 'failed' || !REFUSED_BEFORE_RUNNING.includes(lastAttempt.get(c.id)?.error_code ?? '')) continue;
        payAgain++;
        await pay(till, caller, c.id, c.amount, await confirmationToken(sim, c.card));
      }

      // ---- Reconciliation, as at start-up and every few minutes ----
      const reconcileStarted = performance.now();
      const passes = [];
      for (let pass = 0; pass < 5; pass++) {
        const report = await till.reconciler!.run();
        passes.push(report);
        if (report.stillUnknown === 0) break;
      }
      const reconcileSeconds = (performance.now() - reconcileStarted) / 1000;

      // ---- Verification against Stripe ----
      const { intentsOf, succeededChargesOf } = await readStripeLedger(stripe);
      const orders = till.db.prepare('SELECT * FROM orders').all() as OrderRow[];
      const byId = new Map(orders.map((o) => [o.id, o]));
      const succeeded = new Map([...succeededChargesOf].map(([id, list]) => [id, list.length]));
      const chargedTwice = [...succeeded].filter(([, n]) => n > 1).map(([id]) => id);
      const twoIntents = [...intentsOf].filter(([, list]) => list.length > 1).map(([id]) => id);
      const intentWithoutOrder = [...intentsOf.keys()].filter((id) => !byId.has(id));
      const checkoutWithoutOrder = checkouts.filter((c) => !byId.has(c.id));
      const paidAtStripeNotInLog = [...succeeded.keys()].filter((id) => byId.get(id)?.payment_state !== 'paid');
      const mismatches: unknown[] = [];
      for (const order of orders) {
        const [intent] = intentsOf.get(order.id) ?? [];
        const expected = intent ? paymentStateOfIntent(intent.status) : 'failed';
        if (order.payment_state !== expected || (intent && order.payment_intent_id !== intent.id)) {
          mismatches.push({ order: order.id, log: order.payment_state, stripe: intent?.status ?? 'no PaymentIntent' });
        }
      }
      const flagged = orders.filter((o) => o.review_reason !== null || o.payment_state === 'needs_review');
      const unsettled = orders.filter((o) => !['paid', 'failed'].includes(o.payment_state) && !flagged.includes(o));
      const failedBy: Record<string, number> = {};
      for (const order of orders.filter((o) => o.payment_state === 'failed')) {
        const reason = lastAttempt.get(order.id)?.error_code ?? 'unknown';
        failedBy[reason] = (failedBy[reason] ?? 0) + 1;
      }
      const goodCardNotPaid = checkouts.filter(
        (c) => GOOD_CARDS.includes(c.card) && byId.get(c.id)?.payment_state !== 'paid',
      ).length;

      console.log(
        `fault run, ${tries} ${tries === 1 ? 'try' : 'tries'} per payment: ${PAYMENTS} payments in ${runSeconds.toFixed(1)} s (${CLERKS} at a time), ` +
          `reconciliation ${reconcileSeconds.toFixed(1)} s, total ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      console.table({
        'requests Till sent during the run': requests,
        'faults injected': injected,
        'faulted share': `${((injected / requests) * 100).toFixed(1)}%`,
        'connections dropped (drop, drop_after)': network.dropped,
        'requests timed out (timeout, timeout_after)': network.timedOut,
      });
      console.table(outcomes);
      console.log(`the clerk pressed Pay again on ${payAgain} orders Stripe had refused ("nothing was charged")`);
      console.table(passes);
      console.table({
        payments: PAYMENTS,
        orders: orders.length,
        paid: orders.filter((o) => o.payment_state === 'paid').length,
        failed: orders.filter((o) => o.payment_state === 'failed').length,
        'flagged for review': flagged.length,
        'neither paid, failed nor flagged': unsettled.length,
        'good card, not paid (Stripe refused: nothing charged)': goodCardNotPaid,
        'succeeded charges': [...succeeded.values()].reduce((a, b) => a + b, 0),
        'duplicate charges (order charged twice)': chargedTwice.length,
        'orders with 2+ PaymentIntents': twoIntents.length,
        'lost (PaymentIntent without order)': intentWithoutOrder.length,
        'lost (checkout without order)': checkoutWithoutOrder.length,
        'lost (paid at Stripe, not paid in log)': paidAtStripeNotInLog.length,
        mismatches: mismatches.length,
      });
      console.table(failedBy);

      expect(injected / requests).toBeGreaterThan(RATE / 2);
      expect(chargedTwice).toEqual([]);
      expect(twoIntents).toEqual([]);
      expect(intentWithoutOrder).toEqual([]);
      expect(checkoutWithoutOrder).toEqual([]);
      expect(paidAtStripeNotInLog).toEqual([]);
      expect(mismatches).toEqual([]);
      expect(unsettled.map((o) => o.payment_state)).toEqual([]);
      expect(orders).toHaveLength(PAYMENTS);
    },
  );
});

/*
 * The sequence behind the fault run's rare "paid at Stripe, failed in the log", made deterministic.
 *
 * stripe-node 23 resends a request once after ECONNRESET/EPIPE even with maxNetworkRetries: 0
 * (RequestSender._shouldRetry), and those errors can come after Stripe ran the payment. If that hidden resend — and
 * Till's own retries — then met a 429, Till used to conclude Stripe never ran the request and told the clerk
 * "Nothing was charged"; pressing Pay again charged the card twice. stripe-client.ts now passes such errors up
 * instead of resending, so stripe-call.ts counts the try as one that may have reached Stripe.
 */
describe('fault run, one sequence: the answer is lost, then every resend meets a 429', () => {
  it('tells the clerk the truth, and a second Pay charges nothing more', { timeout: 30_000 }, async () => {
    const dir = tempDir('till-lost-answer-');
    const key = { current: null as string | null, seen: 0 };
    let armRateLimits = () => undefined as void;
    const sim = await startSimulator({
      port: 0,
      builtInPlugins: false,
      plugins: [
        (app) => {
          app.server.on('request', (request: IncomingMessage) => {
            // The first payment request commits and its connection drops; whatever comes next with its key gets 429s.
            const header = request.headers['idempotency-key'];
            if (typeof header !== 'string' || !request.url?.startsWith('/v1/payment_intents')) return;
            if (header === key.current && ++key.seen === 2) armRateLimits();
            key.current ??= header;
            if (header === key.current && key.seen === 0) key.seen = 1;
          });
        },
      ],
    });
    armRateLimits = () => sim.admin.setFaults({ kinds: ['429'], count: 3, paths: ['/v1/payment_intents'] });
    const till = createTill({
      dataDir: dir.path,
      version: '0.0.0-test',
      env: {},
      stripe: { mode: 'training', secretKey: sim.keys.secret, publishableKey: sim.keys.publishable, apiBase: sim.url },
      stripeRetry: { attempts: 3, delayMs: () => 5 },
      logger: createLogger({ level: 'silent' }),
      shell: previewShell,
    });
    await setUpDemoShop(till.handlers);
    const caller = await signedInOwner(till.handlers);
    const stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http' });
    try {
      const checkoutId = randomUUID();
      sim.admin.setFaults({ kinds: ['drop_after'], count: 1, paths: ['/v1/payment_intents'] });
      const first = await pay(till, caller, checkoutId, 4200, await confirmationToken(sim, '4242424242424242'));
      const told = first.ok ? first.value : null;
      sim.admin.clearFaults();
      if (told?.status === 'declined') {
        // "Nothing was charged. Try again in a moment." — so the clerk does.
        await pay(till, caller, checkoutId, 4200, await confirmationToken(sim, '4242424242424242'));
      }
      await till.reconciler!.run();
      const charges = (await stripe.charges.list({ limit: 100 })).data.filter((c) => c.status === 'succeeded');
      const state = till.db.prepare('SELECT payment_state FROM orders WHERE id = ?').pluck().get(checkoutId);
      expect({ told: told?.message, charges: charges.length, state }).toEqual({
        told: expect.not.stringContaining('Nothing was charged') as unknown,
        charges: 1,
        state: 'paid',
      });
    } finally {
      await till.close();
      await sim.close();
      dir.cleanup();
    }
  });
});
