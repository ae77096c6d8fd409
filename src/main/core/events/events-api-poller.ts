/**
 * The default event source: asks Stripe's Events API for what happened since the last look. It needs no public
 * address, so it works on any shop PC. The cursor is the `created` second of the newest event seen, kept in
 * settings; each poll asks for `created >= cursor` (events in the same second can arrive later), pages through
 * Stripe's newest-first lists, and hands the events over oldest first. Repeats are dropped by the processor.
 */
import type Stripe from 'stripe';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { PushHub } from '../push/push-hub';
import { HANDLED_EVENT_TYPES, type EventProcessor } from './event-processor';
import { createHealth, type EventSource } from './source-health';

/** Stripe keeps events for 30 days; a cursor older than this may have missed some. */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const CURSOR_KEY = 'events_api_cursor';

interface Cursor {
  created: number;
  polledAt: number;
}

export interface PollerOptions {
  stripe: Stripe;
  processor: EventProcessor;
  db: Db;
  push: PushHub;
  log: Logger;
  intervalMs?: number;
  now?: () => number;
  /** Told once when the app was closed longer than Stripe keeps events. */
  onRetentionGap?(lastPolledAt: number): void;
}

export function createEventsApiPoller(options: PollerOptions): EventSource & { pollOnce(): Promise<number> } {
  const { stripe, processor, db, log } = options;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 5_000;
  const health = createHealth('events_api', options.push);
  const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const loadCursor = (): Cursor | null => {
    const row = read.get(CURSOR_KEY);
    return row ? (JSON.parse(row.value) as Cursor) : null;
  };
  const saveCursor = (cursor: Cursor) => write.run(CURSOR_KEY, JSON.stringify(cursor), now());

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;

  async function fetchSince(created: number): Promise<Stripe.Event[]> {
    const events: Stripe.Event[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await stripe.events.list({
        created: { gte: created },
        types: [...HANDLED_EVENT_TYPES],
        limit: 100,
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      });
      events.push(...page.data);
      if (!page.has_more || page.data.length === 0) break;
      startingAfter = page.data.at(-1)!.id;
    }
    return events.reverse(); // oldest first
  }

  async function poll(): Promise<number> {
    const cursor = loadCursor();
    if (cursor && now() - cursor.polledAt > EVENT_RETENTION_MS) options.onRetentionGap?.(cursor.polledAt);
    // First run: look back a day, so that payments taken just before the poller started are picked up.
    const since = cursor?.created ?? Math.floor((now() - 24 * 60 * 60 * 1000) / 1000);
    const events = await fetchSince(since);
    const result = processor.ingest(events, 'events_api');
    const newest = events.reduce((max, event) => Math.max(max, event.created), since);
    saveCursor({ created: newest, polledAt: now() });
    health.connected();
    if (events.length > 0) health.received(now());
    if (result.stored > 0) log.debug({ stored: result.stored, changed: result.changed.length }, 'events polled');
    return result.stored;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), interval);
  };
  const tick = async () => {
    try {
      running = poll();
      await running;
    } catch (error) {
      health.failed(error);
      log.warn({ err: error }, 'polling Stripe events failed; will try again');
    } finally {
      running = null;
      schedule();
    }
  };

  return {
    kind: 'events_api',
    start() {
      if (!stopped) return;
      stopped = false;
      void tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
    health: health.get,
    pollOnce: poll,
  };
}
