/**
 * The JSON messages of the Stripe CLI websocket protocol (stripe-cli `pkg/websocket`), as the 1.52.0 binary reads and
 * writes them. See /work/shared/reference/stripe-cli-protocol.md §2.5–2.6.
 */
import { randomBytes } from 'node:crypto';
import type { RequestLogEntry } from '../context';
import type { LogFilters } from './types';

/** The headers Stripe sends with a webhook; the CLI copies them verbatim onto its POST to the local endpoint. */
export function webhookHeaders(signature: string): Record<string, string> {
  return {
    Accept: '*/*; q=0.5, application/xml',
    'Cache-Control': 'no-cache',
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    'Stripe-Signature': signature,
  };
}

export interface WebhookEventFrame {
  type: 'webhook_event';
  webhook_id: string;
  webhook_conversation_id: string;
  /** The exact bytes the CLI POSTs. Must be a string: an object makes the CLI drop the whole frame. */
  event_payload: string;
  http_headers: Record<string, string>;
  /** `api_version: null` is forwarded by default listeners, a version string only by `stripe listen --latest`. */
  endpoint: { url: 'stripecli'; api_version: string | null };
}

export function webhookEventFrame(input: {
  webhookId: string;
  conversationId: string;
  payload: string;
  signature: string;
  apiVersion: string | null;
}): string {
  const frame: WebhookEventFrame = {
    type: 'webhook_event',
    webhook_id: input.webhookId,
    webhook_conversation_id: input.conversationId,
    event_payload: input.payload,
    http_headers: webhookHeaders(input.signature),
    endpoint: { url: 'stripecli', api_version: input.apiVersion },
  };
  return JSON.stringify(frame);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random lowercase alphanumerics. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    if (byte >= 252) continue; // 252 = 7 * 36: keeps the distribution uniform
    out += ID_ALPHABET[byte % 36];
    if (out.length === length) return out;
  }
  return out + randomToken(length - out.length);
}

/** Ids shaped like Stripe's (`1589630448-wh_…`, `1589630448-wc_…`); the CLI only echoes them back. */
export function webhookIds(unixSeconds: number): { webhookId: string; conversationId: string } {
  return {
    webhookId: `${unixSeconds}-wh_${randomToken(24)}`,
    conversationId: `${unixSeconds}-wc_${randomToken(24)}`,
  };
}

/** A `request_log_event` message for `stripe logs tail`. */
export function requestLogFrame(entry: RequestLogEntry): string {
  const payload: Record<string, unknown> = {
    created_at: entry.created,
    livemode: false,
    method: entry.method,
    request_id: entry.id,
    status: entry.status,
    url: entry.path,
  };
  if (entry.errorType) payload.error = { type: entry.errorType };
  return JSON.stringify({
    type: 'request_log_event',
    request_log_id: `resp_${randomToken(24)}`,
    event_payload: JSON.stringify(payload),
  });
}

/** The messages the CLI sends (JSON text frames, each ending with a newline). */
export type IncomingMessage =
  | { type: 'event_ack'; webhookId: string; conversationId: string; eventId: string }
  | {
      type: 'webhook_response';
      webhookId: string;
      conversationId: string;
      eventId: string;
      forwardUrl: string;
      status: number;
      body: string;
    };

/** Parses a frame from the CLI; null for anything unknown or malformed (the protocol says: ignore it). */
export function parseIncoming(text: string): IncomingMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const msg = value as Record<string, unknown>;
  const str = (key: string): string => (typeof msg[key] === 'string' ? (msg[key] as string) : '');
  if (msg.type === 'event_ack') {
    return {
      type: 'event_ack',
      webhookId: str('webhook_id'),
      conversationId: str('webhook_conversation_id'),
      eventId: str('event_id'),
    };
  }
  if (msg.type === 'webhook_response') {
    return {
      type: 'webhook_response',
      webhookId: str('webhook_id'),
      conversationId: str('webhook_conversation_id'),
      eventId: str('notification_id'),
      forwardUrl: str('forward_url'),
      status: typeof msg.status === 'number' ? msg.status : 0,
      body: str('body'),
    };
  }
  return null;
}

/** The `filters` form field of a `logs tail` session; null when absent or not an object. */
export function parseLogFilters(raw: unknown): LogFilters | null {
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const filters: LogFilters = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (Array.isArray(value)) {
        (filters as Record<string, string[]>)[key] = value.filter((v): v is string => typeof v === 'string');
      }
    }
    return filters;
  } catch {
    return null;
  }
}

/**
 * Whether a request log entry passes `logs tail` filters (applied server-side, as Stripe does). Filters about things
 * the simulator does not model (account, IP address, source) let everything through.
 */
export function matchesLogFilters(entry: RequestLogEntry, filters: LogFilters | null): boolean {
  if (!filters) return true;
  const some = (list: string[] | undefined, test: (value: string) => boolean): boolean =>
    !list || list.length === 0 || list.some(test);
  const status = String(entry.status);
  return (
    some(filters.filter_http_method, (m) => m.toUpperCase() === entry.method.toUpperCase()) &&
    some(
      filters.filter_request_path,
      (p) => entry.path === p || entry.path.startsWith(p.endsWith('/') ? p : `${p}/`),
    ) &&
    some(filters.filter_status_code, (code) => code === status) &&
    some(filters.filter_status_code_type, (type) => type.length === 3 && type[0] === status[0]) &&
    some(filters.filter_request_status, (s) =>
      s.toUpperCase() === 'SUCCEEDED' ? entry.status < 400 : s.toUpperCase() === 'FAILED' ? entry.status >= 400 : true,
    )
  );
}
