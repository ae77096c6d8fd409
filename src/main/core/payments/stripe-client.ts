import Stripe from 'stripe';
import type { Mode } from '../../../shared/contract';

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
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Till', version },
  });
}
