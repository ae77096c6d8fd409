import Stripe from 'stripe';
import type { Mode } from '#shared/contract';

/** How Till reaches Stripe: the real API, or the simulator in training mode (plain HTTP on loopback). */
export interface StripeConnection {
  mode: Mode;
  secretKey: string;
  publishableKey: string;
  /** e.g. http://127.0.0.1:41234 for the simulator; unset for api.stripe.com. */
  apiBase?: string;
  /** Training mode: the simulator's Stripe.js stand-in. */
  stripeJsUrl?: string;
  webhookSecret?: string;
}

/**
 * stripe-node resends a request once after ECONNRESET/EPIPE even with `maxNetworkRetries: 0`
 * (RequestSender._shouldRetry), and those errors can come after Stripe ran the request. Till's payment calls count
 * their own tries to know whether a payment may have reached Stripe (stripe-call.ts), so no send may happen behind
 * their back: such errors are passed up under a code that stripe-node does not resend on and that Till reads as "may
 * have reached Stripe". Calls made with `maxNetworkRetries > 0` are still retried by stripe-node, as any connection
 * error is.
 */
function withoutHiddenResends(inner: Stripe.HttpClient): Stripe.HttpClient {
  const client = Object.create(inner) as Stripe.HttpClient;
  client.makeRequest = (...args: Parameters<Stripe.HttpClient['makeRequest']>) =>
    inner.makeRequest(...args).catch((error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ECONNRESET' || code === 'EPIPE') (error as { code: string }).code = `${code}_AFTER_SEND`;
      throw error;
    });
  return client;
}

/**
 * A stripe-node client with the settings a counter needs: a 20 s timeout instead of 80 s (a caller is waiting on
 * the phone), automatic retries with the same idempotency key, and no telemetry.
 */
export function createStripeClient(connection: StripeConnection, version: string): Stripe {
  const base = connection.apiBase ? new URL(connection.apiBase) : null;
  return new Stripe(connection.secretKey, {
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol === 'http:' ? 'http' : 'https',
        }
      : {}),
    httpClient: withoutHiddenResends(Stripe.createNodeHttpClient()),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Till', version },
  });
}
