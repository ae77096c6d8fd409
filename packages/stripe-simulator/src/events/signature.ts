/**
 * Stripe's webhook signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`, keyed by the whole
 * `whsec_…` string as UTF-8 (not base64-decoded) — what stripe-node's `webhooks.constructEvent` verifies.
 */
import { createHmac } from 'node:crypto';

export function signPayload(
  payload: string,
  secret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
