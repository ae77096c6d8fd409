/**
 * The postMessage protocol between the Stripe.js stand-in (running in the host page) and its card frames (pages
 * served from the simulator's origin). Types and constants only: both bundles inline what they use.
 *
 * Security model (the same as Stripe's): card data is typed inside the frame and sent from the frame to the
 * simulator's API; only results (ids, objects, errors, element state without digits) cross to the host page.
 *  - host → frame: `frame.contentWindow.postMessage(msg, simulatorOrigin)`;
 *  - frame → host: `window.parent.postMessage(msg, parentOrigin)`, `parentOrigin` from the frame URL's `origin`
 *    parameter, which the server also puts in the frame's `frame-ancestors` and the frame checks against
 *    `location.ancestorOrigins`;
 *  - each side accepts a message only from the expected origin AND window (`event.source`), tagged with
 *    `channel: CHANNEL` and the frame's id.
 */

export const CHANNEL = 'stripe-sim-elements';
export const PROTOCOL_VERSION = 1;

/** Path of the card frame page under the simulator's origin. */
export const CARD_FRAME_PATH = '/v3/elements/card-frame.html';

export type SimElementType = 'card' | 'payment';

export interface ValidationError {
  type: 'validation_error';
  code: string;
  message: string;
  param?: string;
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';

/** What a `change` event carries (never any card digits). */
export interface ElementChangeState {
  empty: boolean;
  complete: boolean;
  error: ValidationError | undefined;
  brand: CardBrand;
  value: { postalCode: string };
}

/** Options of `stripe.elements(…)` the frame needs (deferred-mode intent details and appearance). */
export interface FrameGroupOptions {
  mode?: string;
  amount?: number;
  currency?: string;
  setupFutureUsage?: string;
  captureMethod?: string;
  paymentMethodTypes?: string[];
  appearance?: unknown;
  locale?: string;
}

export interface FrameInit {
  key: string;
  elementType: SimElementType;
  options: Record<string, unknown>;
  group: FrameGroupOptions;
}

/** Operations the host asks the frame to do with the card data it holds. */
export type FrameOp =
  /** Validate everything (showing errors), like `elements.submit()`. */
  | { op: 'submit' }
  /** POST /v1/confirmation_tokens. */
  | { op: 'createConfirmationToken'; params: Record<string, unknown> }
  /** POST /v1/payment_methods. */
  | { op: 'createPaymentMethod'; params: Record<string, unknown> }
  /** POST /v1/payment_intents/:id/confirm with payment_method_data from the frame plus `params`. */
  | { op: 'confirmPaymentIntent'; clientSecret: string; params: Record<string, unknown> }
  /** POST /v1/tokens. */
  | { op: 'createToken'; params: Record<string, unknown> };

export type HostToFrame =
  | { kind: 'init'; init: FrameInit }
  | { kind: 'update'; options: Record<string, unknown>; group?: FrameGroupOptions }
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'clear' }
  | { kind: 'request'; requestId: number; request: FrameOp };

export type FrameToHost =
  /** The frame's script runs and listens: the host may send `init`. */
  | { kind: 'loaded' }
  /** Rendered after `init`. */
  | { kind: 'ready' }
  | { kind: 'resize'; height: number }
  | { kind: 'change'; state: ElementChangeState }
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'escape' }
  | { kind: 'response'; requestId: number; result: Record<string, unknown> }
  /** The frame refused to run (bad parameters, wrong embedding origin). */
  | { kind: 'loaderror'; message: string };

export interface Envelope<T> {
  channel: typeof CHANNEL;
  v: typeof PROTOCOL_VERSION;
  frameId: string;
  msg: T;
}

export function isEnvelope(data: unknown, frameId?: string): data is Envelope<unknown> {
  if (typeof data !== 'object' || data === null) return false;
  const env = data as Partial<Envelope<unknown>>;
  return (
    env.channel === CHANNEL &&
    env.v === PROTOCOL_VERSION &&
    typeof env.frameId === 'string' &&
    (frameId === undefined || env.frameId === frameId) &&
    typeof env.msg === 'object' &&
    env.msg !== null
  );
}
