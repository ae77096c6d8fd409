/**
 * The contract between the simulator's core and the modules that plug into it (the Stripe CLI `listen` protocol in
 * ./cli-protocol, the Stripe.js stand-in in ./browser, optional extras). Plugins get the fastify instance the simulator
 * serves on and this context; they must not reach into files under ./resources or ./state directly, so those can change.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Stripe from 'stripe';

export interface SimulatorKeys {
  /** `sk_test_…`: full access. */
  secret: string;
  /** `rk_test_…`: may call everything; keys minted with `admin.mintRestrictedKey` hold only the permissions asked for. */
  restricted: string;
  /** `pk_test_…`: only what Stripe lets publishable keys do (see README, "Publishable keys"). */
  publishable: string;
}

/** How an event reaches a listener: first delivery, or a re-delivery asked for with POST /v1/events/:id/retry. */
export interface EventDelivery {
  redelivery: boolean;
  /** True when the retry came from `stripe events resend` without `--webhook-endpoint` (body `for_stripecli=true`). */
  forStripeCli: boolean;
  /** Set when the retry names one webhook endpoint (`webhook_endpoint=we_…`); other targets should ignore it. */
  webhookEndpoint: string | null;
}

export type EventListener = (event: Stripe.Event, delivery: EventDelivery) => void;

export interface EventSubscription {
  /**
   * Calls `listener` for every event created from now on (and for re-deliveries), in creation order, after the
   * HTTP response that caused it has been handed to the socket. Listener errors are logged and swallowed.
   * Returns the unsubscribe function.
   */
  subscribe(listener: EventListener): () => void;
  /** A stored event by id, or undefined. The object is a snapshot; do not mutate it. */
  get(id: string): Stripe.Event | undefined;
}

/** One entry per /v1 request answered (for `stripe logs tail`). */
export interface RequestLogEntry {
  id: string;
  created: number;
  method: string;
  path: string;
  status: number;
  /** `error.type` when the response was an error. */
  errorType: string | null;
  idempotencyKey: string | null;
  durationMs: number;
}

/** Which keys may call a route. */
export type RouteAccess =
  /** sk_test_/rk_test_ only; a pk gets Stripe's 401 "cannot be made with a publishable API key". */
  | 'secret'
  /** any valid test key. */
  | 'publishable'
  /** no Stripe key needed (the simulator's own HTML pages, CORS preflights). */
  | 'none';

export interface AuthInfo {
  kind: 'secret' | 'restricted' | 'publishable';
  key: string;
}

export interface StripeRouteRequest {
  /** Form/query parameters parsed with qs (`a[b][0]=x` → `{a:{b:['x']}}`); the `key` parameter is removed. */
  params: Record<string, unknown>;
  /** Path parameters (`:id`). */
  path: Record<string, string>;
  auth: AuthInfo | null;
  requestId: string;
  idempotencyKey: string | null;
  raw: FastifyRequest;
}

export interface StripeRouteOptions {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  access: RouteAccess;
  /**
   * Handler returning the JSON body of a 200 response, or throwing a SimulatorError (exported from the index) for a
   * Stripe-shaped error. POSTs get Stripe's idempotency semantics unless `idempotent: false`.
   */
  handler: (req: StripeRouteRequest) => unknown | Promise<unknown>;
  idempotent?: boolean;
}

/** What a plugin can use. Everything here is stable API; the README documents it. */
export interface SimulatorContext {
  /** `http://127.0.0.1:PORT` — valid once the server listens (i.e. inside request handlers, not at registration). */
  readonly baseUrl: string;
  readonly keys: SimulatorKeys;
  /** The signing secret for Stripe CLI `listen` sessions (stable per state file). */
  readonly webhookSecret: string;
  /** The API version events are rendered at and sent as the default `Stripe-Version`. */
  readonly apiVersion: string;
  /** The account id (`acct_…`) the simulator pretends to be. */
  readonly accountId: string;
  readonly events: EventSubscription;
  readonly requestLog: { subscribe(listener: (entry: RequestLogEntry) => void): () => void };
  /** Unix seconds on the simulator's clock (which tests can move forward). */
  now(): number;
  /** `t=…,v1=…` for a payload, as Stripe signs webhooks. */
  signPayload(payload: string, secret?: string, timestamp?: number): string;
  /**
   * Register a route with the simulator's Stripe semantics: key checks, CORS, `request-id`/`stripe-version`
   * headers, Stripe-shaped errors, idempotency and fault injection. Use the raw fastify instance for anything else.
   */
  route(options: StripeRouteOptions): void;
  /** Check a request's Stripe key yourself (e.g. for a websocket upgrade). Throws a SimulatorError (401) if refused. */
  authenticate(headers: Record<string, string | string[] | undefined>, access: RouteAccess): AuthInfo | null;
  /** Runs on close, before the HTTP server stops (close your websockets here). */
  onClose(hook: () => void | Promise<void>): void;
  readonly log: { info(msg: string): void; warn(msg: string): void; error(msg: string, err?: unknown): void };
}

export type SimulatorPlugin = (app: FastifyInstance, sim: SimulatorContext) => void | Promise<void>;

/** Re-exported for plugin authors who write raw fastify routes. */
export type { FastifyInstance, FastifyReply, FastifyRequest };
