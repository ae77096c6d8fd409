import { useEffect, useState } from 'react';
import type { EventSourceHealth } from '#shared/contract';
import type { z } from 'zod';
import { till } from '../staff/till';

type Health = z.infer<typeof EventSourceHealth>;

const SOURCE_NAME = { events_api: 'Stripe Events API', stripe_cli: 'Stripe CLI', none: 'none' } as const;
const time = new Intl.DateTimeFormat('en-CA', { timeStyle: 'medium' });

/** The status bar's view of how Stripe's events reach Till: which source, whether it works, the last event. */
export function EventHealth() {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    let current = true;
    void till.events.status().then((result) => {
      if (current && result.ok) setHealth(result.value);
    });
    const unsubscribe = till.on('events.health', (next) => setHealth(next));
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  if (!health) return null;
  const state = health.lastError ? 'error' : health.connected ? 'ok' : 'waiting';
  return (
    <span className={`event-health ${state}`} data-testid="event-health" title={health.lastError ?? undefined}>
      Events: {SOURCE_NAME[health.source]} · {state === 'ok' ? 'connected' : state === 'error' ? 'problem' : 'starting'}
      {health.lastEventAt ? ` · last event ${time.format(health.lastEventAt)}` : ''}
      {health.lastError ? ` — ${health.lastError}` : ''}
    </span>
  );
}
