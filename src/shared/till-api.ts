/**
 * `window.till`: the only door from the renderer to the rest of Till.
 *
 * Built from the channel list by both transports (the Electron preload and the browser-preview bridge), so
 * the renderer cannot tell them apart. Channel `catalog.list` becomes `till.catalog.list(input)`.
 */
import { CHANNELS, PUSH_TOPICS, type Channel, type PushTopic } from './channels';
import type { ChannelInput, ChannelOutput, PushPayload } from './contract';
import type { Result } from './result';

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
type Method<C extends string, N extends string> = C extends `${N}.${infer M}` ? M : never;

type Call<C extends Channel> =
  undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

export type TillApi = {
  [N in Namespace<Channel>]: { [M in Method<Channel, N>]: Call<Extract<Channel, `${N}.${M}`>> };
} & {
  /** Subscribes to a push topic; returns the function that unsubscribes. */
  on<T extends PushTopic>(topic: T, listener: (payload: PushPayload<T>) => void): () => void;
};

export type Invoke = (channel: Channel, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (listener: (topic: PushTopic, payload: unknown) => void) => void;

export function createTillApi(invoke: Invoke, subscribe: Subscribe): TillApi {
  const listeners = new Map<PushTopic, Set<(payload: never) => void>>();
  subscribe((topic, payload) => {
    for (const listener of listeners.get(topic) ?? []) listener(payload as never);
  });

  const api: Record<string, unknown> = {
    on(topic: PushTopic, listener: (payload: never) => void) {
      if (!PUSH_TOPICS.includes(topic)) throw new Error(`Unknown push topic: ${String(topic)}`);
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => set.delete(listener);
    },
  };
  for (const channel of CHANNELS) {
    const [namespace, method] = channel.split('.') as [string, string];
    const group = (api[namespace] ??= {}) as Record<string, unknown>;
    group[method] = (input?: unknown) => invoke(channel, input);
  }
  return api as TillApi;
}
