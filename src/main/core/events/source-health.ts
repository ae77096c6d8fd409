import type { PushHub } from '../push/push-hub';

export type EventSourceKind = 'events_api' | 'stripe_cli';

export interface EventSourceHealth {
  source: EventSourceKind | 'none';
  connected: boolean;
  /** When the last event arrived (ms), whether or not it was new. */
  lastEventAt: number | null;
  lastError: string | null;
}

/** A source of Stripe events: the Events API poller or the Stripe CLI listener. */
export interface EventSource {
  readonly kind: EventSourceKind;
  start(): void;
  stop(): Promise<void>;
  health(): EventSourceHealth;
}

/** Keeps a source's health and tells open windows whenever it changes (their status bars show it). */
export function createHealth(source: EventSourceKind, push: PushHub) {
  let health: EventSourceHealth = { source, connected: false, lastEventAt: null, lastError: null };
  const set = (next: Partial<EventSourceHealth>) => {
    const updated = { ...health, ...next };
    const same = (Object.keys(updated) as (keyof EventSourceHealth)[]).every((key) => updated[key] === health[key]);
    health = updated;
    if (!same) push.publish('events.health', health);
  };
  return {
    get: () => health,
    connected: () => set({ connected: true, lastError: null }),
    failed: (error: unknown) =>
      set({ connected: false, lastError: error instanceof Error ? error.message : String(error) }),
    received: (at: number) => set({ lastEventAt: at }),
  };
}
