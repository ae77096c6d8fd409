/** The status bar's view of Stripe's events: which source brings them and whether it is connected. */
import { defineHandlers } from '../ipc/handler-map';
import type { EventSourceHealth } from './source-health';

export const eventsHandlers = (health: () => EventSourceHealth) =>
  defineHandlers({
    'events.status': () => health(),
  });
