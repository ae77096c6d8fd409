/**
 * Each feature folder's `handlers.ts` returns its part of the handler map; `mergeHandlers` puts the parts together
 * at the root (create-till.ts). The compiler checks the result: a channel of the contract that no part handles, or
 * one that two parts both handle, is a type error naming the channel, so a new channel cannot be forgotten nor
 * silently answered by the wrong feature.
 */
import type { Channel } from '#shared/channels';
import type { Caller } from './caller';
import type { Handlers } from './dispatch';

/** The handlers of some channels, typed by the contract. */
export type HandlerPart<K extends Channel = Channel> = Pick<Handlers, K>;

/** Lets a feature write its handlers as an object literal: inputs and outputs are typed from the contract. */
export const defineHandlers = <K extends Channel>(handlers: HandlerPart<K>): HandlerPart<K> => handlers;

type ChannelsOf<Parts extends readonly object[]> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? keyof Head | ChannelsOf<Rest>
  : never;

/** The channels that a part handles when an earlier part already did. */
type HandledTwice<Parts extends readonly object[], Seen = never> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? (keyof Head & Seen) | HandledTwice<Rest, Seen | keyof Head>
  : never;

type Unhandled<Parts extends readonly object[]> = Exclude<Channel, ChannelsOf<Parts>>;

/**
 * `unknown` (no constraint) when the parts cover every channel once; otherwise a property the parts lack, whose
 * name and type the compiler's message shows: the channels handled twice, or those with no handler.
 */
type ExactlyOnce<Parts extends readonly object[]> = ([HandledTwice<Parts>] extends [never]
  ? unknown
  : { channelsHandledTwice: HandledTwice<Parts> }) &
  ([Unhandled<Parts>] extends [never] ? unknown : { channelsWithoutHandler: Unhandled<Parts> });

export function mergeHandlers<const Parts extends readonly Partial<Handlers>[]>(
  ...parts: Parts & ExactlyOnce<Parts>
): Handlers {
  return Object.assign({}, ...parts) as Handlers;
}

/** One channel's handler as a gate sees it: whatever the input, and who is calling. */
export type AnyHandler = (input: never, caller: Caller) => unknown;

/**
 * Puts a gate in front of every handler (set-up, sign-in): `gate` gets each channel and its handler and returns what
 * answers instead. The gates differ only in what they check, not in how they wrap the map.
 */
export function gateEach(handlers: Handlers, gate: (channel: Channel, handler: AnyHandler) => AnyHandler): Handlers {
  const gated = {} as Record<Channel, AnyHandler>;
  for (const channel of Object.keys(handlers) as Channel[])
    gated[channel] = gate(channel, handlers[channel] as AnyHandler);
  return gated as Handlers;
}
