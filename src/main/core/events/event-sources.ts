/**
 * Which source brings Stripe's events, and its life: the Events API poller (the default) or the Stripe CLI's
 * `stripe listen`, started by the host, switched when the owner changes the setting, stopped on quit. The status
 * bar shows the running source's health (`events.status`, and `events.health` pushes).
 */
import type Stripe from 'stripe';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { StripeConnection } from '../payments/stripe-client';
import { createPushHub, type PushHub } from '../push/push-hub';
import type { EventProcessor } from './event-processor';
import { createEventsApiPoller } from './events-api-poller';
import type { EventSource, EventSourceHealth, EventSourceKind } from './source-health';
import { createStripeCliListener } from './stripe-cli-listener';

export interface EventSourcesDeps {
  stripe: Stripe;
  connection: StripeConnection;
  processor: EventProcessor;
  db: Db;
  audit: AuditLog;
  push: PushHub;
  log: Logger;
}

export interface EventSources {
  /** The running source's health, or "none" before the host starts one. */
  health(): EventSourceHealth;
  running(): boolean;
  /** Stops the running source, if any, and starts the chosen one. */
  use(kind: EventSourceKind): Promise<void>;
  /** Switches only when a source is running: before the host starts, the setting alone decides. */
  switchTo(kind: EventSourceKind): Promise<void>;
  stop(): Promise<void>;
}

export const NO_SOURCE: EventSourceHealth = { source: 'none', connected: false, lastEventAt: null, lastError: null };

export function createEventSources(deps: EventSourcesDeps): EventSources {
  const { stripe, connection, processor, db, audit, push, log } = deps;
  let source: EventSource | null = null;

  const health = () => source?.health() ?? NO_SOURCE;

  /** `healthTo` is where the poller reports its health: the windows, or nowhere for the CLI's catch-up poller. */
  const makePoller = (healthTo: PushHub = push) =>
    createEventsApiPoller({
      stripe,
      processor,
      db,
      push: healthTo,
      log,
      onRetentionGap: (lastPolledAt) => {
        const message =
          `Till was closed from ${new Date(lastPolledAt).toLocaleDateString()} for longer than Stripe keeps ` +
          'events (30 days). Payments, refunds or disputes from that time may be missing: check them in Stripe.';
        audit.record('system', 'events.retention_gap', null, { lastPolledAt });
        push.publish('events.health', { ...health(), lastError: message });
        log.warn({ lastPolledAt }, 'event retention gap');
      },
    });

  const makeSource = (kind: EventSourceKind): EventSource => {
    if (kind === 'events_api') return makePoller();
    // `stripe listen` does not replay what happened while it was down: catch up from the Events API each time
    // it (re)connects. Its health is not the source's: the status bar shows the CLI's.
    const catchUp = makePoller(createPushHub());
    return createStripeCliListener({
      secretKey: connection.secretKey,
      apiBase: connection.apiBase,
      processor,
      stripe,
      push,
      log,
      onReady: () =>
        void catchUp.pollOnce().catch((error: unknown) => log.warn({ err: error }, 'catch-up poll failed')),
    });
  };

  async function use(kind: EventSourceKind) {
    await source?.stop();
    source = makeSource(kind);
    source.start();
    push.publish('events.health', source.health());
  }

  return {
    health,
    running: () => source !== null,
    use,
    switchTo: async (kind) => {
      if (source && source.kind !== kind) await use(kind);
    },
    stop: async () => {
      await source?.stop();
    },
  };
}
