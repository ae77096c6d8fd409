/** Public types of the Stripe CLI protocol module (sessions, deliveries, options). */

/** What the CLI asked for when it created its session (`POST /v1/stripecli/sessions`). */
export interface CliSessionInfo {
  /** The `websocket_id` (`cliws_…`); the CLI sends it as the `Websocket-Id` header on every (re)connect. */
  id: string;
  /** `device_name` (the CLI's `--device-name`, or the host name). */
  deviceName: string;
  /** `websocket_features[]`: `webhooks`, `v2_events`, `request_logs`. */
  features: string[];
  /** The `websocket_authorized_feature` answered (`webhook-payloads` or `request-logs`). */
  authorizedFeature: string;
  /** `forward_*_url` fields as sent (raw user strings, e.g. `localhost:4242/webhook`); empty when not forwarding. */
  forwardUrls: Record<string, string>;
  /** `logs tail` filters (the parsed `filters` JSON), or null. */
  filters: LogFilters | null;
  /** Wall-clock milliseconds. */
  createdAt: number;
  /** Open websockets right now. */
  connections: number;
  /** How many websockets this session has opened so far (a reconnect with the same id counts again). */
  connectCount: number;
  /** Messages sent (or queued) but not acknowledged yet; they are resent on the next connection. */
  pending: number;
}

/** One `webhook_event` message to one session, and what the CLI said about it. */
export interface CliDelivery {
  /** `webhook_id` of the message (`<t>-wh_…`), unique per message. */
  webhookId: string;
  /** `webhook_conversation_id` (`<t>-wc_…`). */
  conversationId: string;
  sessionId: string;
  eventId: string;
  eventType: string;
  /**
   * `endpoint.api_version` of the message: null for the default-version copy (what `stripe listen` forwards), the
   * version string for the copy `stripe listen --latest` forwards (every event is sent in both flavours, as Stripe does).
   */
  apiVersion: string | null;
  /** True when this message comes from `stripe events resend` (POST /v1/events/:id/retry with for_stripecli=true). */
  redelivery: boolean;
  /** Wall-clock milliseconds. */
  queuedAt: number;
  /** When it was last written to a websocket; null while it waits for a connection. */
  sentAt: number | null;
  /** How many times it was written to a websocket (more than 1 after resends on reconnect). */
  sends: number;
  /** When the CLI's `event_ack` arrived; null if not acknowledged (yet). */
  ackedAt: number | null;
  /**
   * One entry per `webhook_response`, i.e. per local endpoint that answered the CLI's POST (any HTTP status).
   * Empty when the endpoint could not be reached, or when the CLI filtered the event out (`--events`, `--latest`).
   */
  responses: CliWebhookResponse[];
}

export interface CliWebhookResponse {
  /** The URL the CLI posted to (normalised by the CLI, e.g. `http://localhost:4242/webhook`). */
  forwardUrl: string;
  status: number;
  /** The endpoint's response body as the CLI reported it (≤ 5000 bytes). */
  body: string;
  /** Wall-clock milliseconds. */
  receivedAt: number;
}

/** `stripe logs tail` filters, as the CLI sends them (`filters` form field, JSON). */
export interface LogFilters {
  filter_account?: string[];
  filter_ip_address?: string[];
  filter_http_method?: string[];
  filter_request_path?: string[];
  filter_request_status?: string[];
  filter_source?: string[];
  filter_status_code?: string[];
  filter_status_code_type?: string[];
}

export interface StripeCliProtocolOptions {
  /**
   * `reconnect_delay` answered to the CLI, in seconds: how often the CLI proactively resets its websocket (messages
   * sent during the reset's ~1 s closing window are lost, and then resent). Default 3600.
   */
  reconnectDelaySeconds?: number;
  /**
   * A session without an open websocket for this long is forgotten (its queued messages dropped); a CLI that comes
   * back later gets "Unknown WebSocket ID." and creates a new session. A live CLI redials within 10 s of any drop,
   * so a longer silence means it is gone (a killed CLI often closes without a close frame). Default 60 s.
   */
  idleSessionTtlMs?: number;
  /** At most this many unacknowledged messages are kept per session (oldest dropped first). Default 1000. */
  maxPendingPerSession?: number;
  /** Delivery records kept for inspection (oldest dropped first). Default 5000. */
  maxDeliveries?: number;
  /**
   * Also send each event a second time with `endpoint.api_version` set to `latest_version`, which is the copy
   * `stripe listen --latest` forwards (default listeners ignore it, but acknowledge it). Default true.
   */
  latestVersionCopies?: boolean;
  /** `latest_version` answered to the CLI. Default: the simulator's API version. */
  latestVersion?: string;
}

/** In-process handle on the protocol state of one running simulator (see `stripeCliServer`). */
export interface StripeCliServer {
  /** Live sessions, oldest first. */
  sessions(): CliSessionInfo[];
  /** Delivery records, oldest first, optionally narrowed. */
  deliveries(filter?: { eventId?: string; sessionId?: string; apiVersion?: string | null }): CliDelivery[];
  /**
   * Close the matching sessions' websockets from the server side (default code 1001 "Going away"). The CLI redials
   * at once with the same `Websocket-Id`; unacknowledged messages are resent then. Returns how many were closed.
   */
  disconnect(options?: { sessionId?: string; code?: number; reason?: string }): number;
  /**
   * Forget a session (as if it had expired) and close its websockets. The CLI's redial is then refused with
   * "Unknown WebSocket ID.", and it creates a new session after 10 s ("Session expired, reconnecting...").
   */
  expireSession(sessionId: string): boolean;
}
