/**
 * Calls to the simulator's API with the publishable key, as Stripe.js makes them: form-encoded bodies (`a[b][0]=v`),
 * the key as the `key` parameter (so cross-origin calls are CORS "simple requests", no preflight). API errors are
 * returned as values (`{error}`), never thrown, like Stripe.js.
 */

export interface StripeJsError {
  type: string;
  code?: string;
  decline_code?: string;
  message?: string;
  param?: string;
  doc_url?: string;
  payment_intent?: Record<string, unknown>;
  [key: string]: unknown;
}

export type ApiResult = { ok: true; body: Record<string, unknown> } | { ok: false; error: StripeJsError };

/** `{a: {b: [1, 2]}, c: null}` → `a[b][0]=1&a[b][1]=2&c=` (stripe-node's and Stripe.js's encoding). */
export function encodeForm(data: Record<string, unknown>): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null) {
      pairs.push(`${encodeKey(key)}=`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => add(`${key}[${i}]`, item));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(`${key}[${k}]`, v);
    } else {
      pairs.push(`${encodeKey(key)}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [k, v] of Object.entries(data)) add(k, v);
  return pairs.join('&');
}

const encodeKey = (key: string): string => encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');

export const connectionError = (): StripeJsError => ({
  type: 'api_connection_error',
  message: 'An error occurred with our connection to Stripe.',
});

export class Api {
  constructor(
    private readonly origin: string,
    private readonly key: string,
  ) {}

  post(path: string, params: Record<string, unknown>): Promise<ApiResult> {
    return this.send('POST', path, { ...params, key: this.key });
  }

  get(path: string, params: Record<string, unknown>): Promise<ApiResult> {
    return this.send('GET', path, { ...params, key: this.key });
  }

  private async send(method: 'GET' | 'POST', path: string, params: Record<string, unknown>): Promise<ApiResult> {
    const body = encodeForm(params);
    let response: Response;
    try {
      response =
        method === 'GET'
          ? await fetch(`${this.origin}${path}?${body}`, { method, credentials: 'omit' })
          : await fetch(`${this.origin}${path}`, {
              method,
              body,
              credentials: 'omit',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            });
    } catch {
      return { ok: false, error: connectionError() };
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return {
        ok: false,
        error: { type: 'api_error', message: `Invalid response from the Stripe simulator (HTTP ${response.status}).` },
      };
    }
    if (typeof json === 'object' && json !== null && 'error' in json) {
      const error = (json as { error: unknown }).error;
      if (typeof error === 'object' && error !== null) return { ok: false, error: error as StripeJsError };
    }
    if (!response.ok || typeof json !== 'object' || json === null) {
      return {
        ok: false,
        error: { type: 'api_error', message: `Unexpected HTTP ${response.status} from the simulator.` },
      };
    }
    return { ok: true, body: json as Record<string, unknown> };
  }
}

/** `pi_123_secret_abc` → `pi_123`, or null when it isn't a client secret. */
export function intentIdFromSecret(clientSecret: unknown): string | null {
  if (typeof clientSecret !== 'string') return null;
  const match = /^((?:pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret);
  return match ? match[1]! : null;
}
