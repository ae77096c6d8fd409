/**
 * The other event source: the Stripe CLI's `stripe listen`, run as a child process, forwards each event the
 * moment it happens to a receiver of ours on 127.0.0.1. Nothing is exposed beyond this computer: the CLI holds an
 * outbound websocket to Stripe (or to the training simulator), and only it knows the receiver's random path.
 *
 * Two parts, composed here: the receiver (stripe-cli-receiver.ts) verifies every delivery against the signing
 * secret the running CLI printed and hands it to the event processor; the supervisor (stripe-cli-supervisor.ts)
 * runs the CLI, restarts it with backoff and reports its health. `stripe listen` does not replay what happened
 * while it was down, so gaps are left to the Events API poller / reconciliation (see `onReady`).
 */
import type Stripe from 'stripe';
import type { Logger } from '../log';
import type { PushHub } from '../push/push-hub';
import type { EventProcessor } from './event-processor';
import { createHealth, type EventSource } from './source-health';
import { createStripeCliReceiver } from './stripe-cli-receiver';
import { createStripeCliSupervisor, type SpawnCli, type StripeCliSupervisorOptions } from './stripe-cli-supervisor';

export type { SpawnCli };

export interface StripeCliListenerOptions extends Omit<
  StripeCliSupervisorOptions,
  'forwardTo' | 'onSecret' | 'health' | 'log'
> {
  processor: Pick<EventProcessor, 'ingest'>;
  /** Used for `stripe.webhooks.constructEvent` only. */
  stripe: Pick<Stripe, 'webhooks'>;
  push: PushHub;
  log: Logger;
  /**
   * Called on every Ready line (first start, each restart, each session re-creation). `stripe listen` does not
   * replay what happened while it was down, so this is the moment for a catch-up poll of the Events API.
   */
  onReady?(): void;
}

export interface StripeCliListener extends EventSource {
  readonly kind: 'stripe_cli';
  /** Where the CLI forwards to (127.0.0.1, random port and path), once the receiver is listening. */
  receiverUrl(): string | null;
  /** The running CLI's process id, if one is running. */
  pid(): number | null;
}

export function createStripeCliListener(options: StripeCliListenerOptions): StripeCliListener {
  const { processor, stripe, push, log, ...cli } = options;
  const now = options.now ?? Date.now;
  const health = createHealth('stripe_cli', push);
  const receiver = createStripeCliReceiver({
    processor,
    stripe,
    log,
    now,
    onDelivery: health.received,
    expectsCli: () => supervisor.running(),
  });
  const supervisor = createStripeCliSupervisor({
    ...cli,
    health,
    log,
    forwardTo: receiver,
    onSecret: receiver.setSecret,
  });
  return {
    kind: 'stripe_cli',
    start: supervisor.start,
    stop: supervisor.stop,
    health: health.get,
    receiverUrl: receiver.url,
    pid: supervisor.pid,
  };
}
