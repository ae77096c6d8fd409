import type { PushTopic } from '#shared/channels';
import type { PushPayload } from '#shared/contract';

export type PushListener = (topic: PushTopic, payload: unknown) => void;

/** Fan-out of main→renderer messages; each transport subscribes once and forwards to its windows. */
export function createPushHub() {
  const listeners = new Set<PushListener>();
  return {
    publish<T extends PushTopic>(topic: T, payload: PushPayload<T>): void {
      for (const listener of listeners) listener(topic, payload);
    },
    subscribe(listener: PushListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type PushHub = ReturnType<typeof createPushHub>;
