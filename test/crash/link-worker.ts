/**
 * The host process the pay-by-link crash harness kills (test/integration/link-crash-harness.test.ts): Till's core on
 * an order log in `dataDir`, talking to the harness's simulator through a delay proxy that lives (and dies) here.
 *
 * The harness sets the log up first (the shop's web address, which links need). Run as
 * `node --import tsx test/crash/link-worker.ts '<plan JSON>'`. It announces each step as one JSON line:
 *   1. opens Till — `ready`; reconciles with Stripe, as start-up does — `reconcile`, `reconciled`; with `poll`,
 *      brings in Stripe's events as the event source does once it starts — `poll`, `polled`;
 *   2. works through the plan's steps in order, as a clerk would:
 *      - `send`: presses "Send link" for the order (after `thinkMs`, the clerk reading the total out) — `send` (with
 *        the number the link row will get), `sent`;
 *      - `key`: the caller reads a card out after all, and the clerk keys it (4242), again while Till answers "try
 *        again in a moment" — `key`, `keyed`;
 *   3. `idle`, then waits to be killed; with `final`, it first reconciles until no link or payment is left without
 *      an answer, brings in the events, then closes Till and exits.
 */
import { createEventsApiPoller } from '#core/events/events-api-poller';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import { createStripeClient } from '#core/payments/stripe-client';
import type { LinkOutcome, PaymentOutcome } from '#shared/contract';
import type { Result } from '#shared/result';
import { createConfirmationToken } from '../support/confirmation-token';
import { signedInOwner } from '../support/demo-shop';
import { openCrashTill, runWorker, type CrashConnection } from './crash-till';
import { startDelayProxy } from './delay-proxy';

export interface LinkStep {
  action: 'send' | 'key';
  orderId: string;
  amount: number;
}

export interface LinkWorkerPlan extends CrashConnection {
  /** Network delays for the step the harness aims at (the steps before it run without them). */
  forwardDelayMs: number;
  replyDelayMs: number;
  /** How long the clerk takes before pressing "Send link" on the step aimed at. */
  thinkMs: number;
  steps: LinkStep[];
  /** The index in `steps` the harness aims its kill at (-1: none). */
  target: number;
  /** Bring in Stripe's events after start-up reconciliation. */
  poll: boolean;
  final: boolean;
}

export type LinkWorkerMessage =
  | { t: 'ready' }
  | { t: 'reconcile' }
  | { t: 'reconciled'; linksSettled: number; stillUnknown: number }
  | { t: 'poll' }
  | { t: 'polled'; events: number }
  | { t: 'send'; orderId: string; linkNo: number; step: number }
  | { t: 'sent'; orderId: string; status: string; step: number }
  | { t: 'key'; orderId: string; step: number }
  | { t: 'keyed'; orderId: string; status: string; step: number }
  | { t: 'idle' };

const say = (message: LinkWorkerMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The cart of a crash-test order: one line of its amount, so Stripe's total is the planned one. */
const orderInput = (step: LinkStep) => ({
  checkoutId: step.orderId,
  cart: {
    lines: [{ kind: 'custom', description: 'Crash-test order', unitPrice: step.amount, taxClass: 'zero_rated' }],
  },
  customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
  note: '',
});

async function main(plan: LinkWorkerPlan) {
  const proxy = await startDelayProxy({ target: plan.simUrl });
  const connection = { mode: 'training' as const, secretKey: plan.secretKey, publishableKey: plan.publishableKey };
  const till = await openCrashTill(plan, proxy.url);
  const caller = await signedInOwner(till.handlers);
  const call = <T>(channel: 'checkout.sendLink' | 'checkout.pay', input: unknown) =>
    dispatch(till.handlers, channel, input, undefined, caller) as Promise<Result<T>>;
  const poller = createEventsApiPoller({
    stripe: createStripeClient({ ...connection, apiBase: proxy.url }, '0.0.0-crash'),
    processor: till.events,
    db: till.db,
    push: till.push,
    log: createLogger({ level: 'silent' }),
  });
  say({ t: 'ready' });

  const reconcile = async () => {
    say({ t: 'reconcile' });
    const report = await till.reconciler!.run();
    say({ t: 'reconciled', linksSettled: report.linksSettled, stillUnknown: report.stillUnknown });
  };
  const poll = async () => {
    say({ t: 'poll' });
    say({ t: 'polled', events: await poller.pollOnce() });
  };
  const paymentState = (id: string) =>
    till.db.prepare('SELECT payment_state FROM orders WHERE id = ?').pluck().get(id) as string | undefined;
  const nextLinkNo = (id: string) =>
    till.db
      .prepare('SELECT coalesce(max(link_no), 0) + 1 FROM payment_links WHERE order_id = ?')
      .pluck()
      .get(id) as number;
  const unanswered = () =>
    till.db
      .prepare(
        `SELECT (SELECT count(*) FROM payment_links WHERE status IN ('creating', 'unknown'))
              + (SELECT count(*) FROM orders WHERE payment_state IN ('processing', 'requires_action'))`,
      )
      .pluck()
      .get() as number;

  /** Stripe.js's part: the card becomes a ConfirmationToken (through the same network as everything else). */
  async function confirmationToken(card: string): Promise<string> {
    for (;;) {
      const id = await createConfirmationToken(proxy.url, plan.publishableKey, card).catch(() => null);
      if (id) return id;
      await sleep(20);
    }
  }

  /** A keyed payment the kill interrupted is finished first: the clerk waits for its outcome, as the page does. */
  async function waitWhileProcessing(orderId: string) {
    for (let tries = 0; paymentState(orderId) === 'processing'; tries++) {
      if (tries > 200) throw new Error(`order ${orderId} stayed processing`);
      await sleep(25);
      await reconcile();
    }
  }

  await reconcile();
  if (plan.poll) await poll();
  for (const [index, step] of plan.steps.entries()) {
    if (index === plan.target) {
      proxy.setDelays({ forwardDelayMs: plan.forwardDelayMs, replyDelayMs: plan.replyDelayMs });
    }
    await waitWhileProcessing(step.orderId);
    if (paymentState(step.orderId) === 'paid') continue;
    if (step.action === 'send') {
      say({ t: 'send', orderId: step.orderId, linkNo: nextLinkNo(step.orderId), step: index });
      if (index === plan.target) await sleep(plan.thinkMs);
      const result = await call<LinkOutcome>('checkout.sendLink', orderInput(step));
      const status = result.ok ? result.value.status : `error:${result.error.code}`;
      say({ t: 'sent', orderId: step.orderId, status, step: index });
    } else {
      say({ t: 'key', orderId: step.orderId, step: index });
      let result: Result<PaymentOutcome>;
      // Told "try again in a moment" (Stripe is still making the link Till must close first), the clerk does.
      for (let tries = 1; ; tries++) {
        const token = await confirmationToken('4242424242424242');
        result = await call<PaymentOutcome>('checkout.pay', { ...orderInput(step), confirmationTokenId: token });
        if (result.ok || result.error.code !== 'conflict' || tries === 40) break;
        await sleep(100);
      }
      const status = result.ok ? result.value.status : `error:${result.error.code}: ${result.error.message}`;
      say({ t: 'keyed', orderId: step.orderId, status, step: index });
    }
  }
  if (plan.final) {
    // As Till's reconciliation every few minutes would: a request the killed run sent may still be running at
    // Stripe (a resend meets 409 until it is done).
    for (let tries = 0; unanswered() > 0; tries++) {
      if (tries > 100) throw new Error('links or payments stayed without an answer');
      await sleep(50);
      await reconcile();
    }
    await poll();
  }
  say({ t: 'idle' });
  if (plan.final) {
    await poller.stop();
    await till.close();
    await proxy.close();
    return;
  }
  setInterval(() => undefined, 60_000);
}

runWorker(main);
