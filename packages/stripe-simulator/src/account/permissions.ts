/**
 * Restricted keys as Stripe scopes them: each key holds permissions named `rak_<resource>_read` or
 * `rak_<resource>_write` (write includes read), and a request to an endpoint the key may not use is refused with a
 * 403 naming the permission that would allow it. The simulator's own restricted key, and any well-formed `rk_test_`
 * key it did not mint, may call everything (tests and samples use placeholder keys); keys minted with
 * `mintRestrictedKey` carry exactly the permissions asked for.
 */
import { randomAlnum } from '../ids';

/** Which resource an API path belongs to, by its first segments (`/v1/charges/:id/refunds` is a refund). */
const RESOURCES: Array<[RegExp, string]> = [
  [/^\/v1\/charges\/[^/]+\/refunds/, 'refund'],
  [/^\/v1\/customers\/[^/]+\/payment_methods/, 'payment_method'],
  [/^\/v1\/payment_intents/, 'payment_intent'],
  [/^\/v1\/confirmation_tokens/, 'confirmation_token'],
  [/^\/v1\/refunds/, 'refund'],
  [/^\/v1\/charges/, 'charge'],
  [/^\/v1\/disputes/, 'dispute'],
  [/^\/v1\/events/, 'event'],
  [/^\/v1\/payment_methods/, 'payment_method'],
  [/^\/v1\/customers/, 'customer'],
  [/^\/v1\/products/, 'product'],
  [/^\/v1\/prices/, 'price'],
  [/^\/v1\/checkout\/sessions/, 'checkout_session'],
  [/^\/v1\/webhook_endpoints/, 'webhook'],
  [/^\/v1\/tokens/, 'token'],
  [/^\/v1\/balance/, 'balance'],
  [/^\/v1\/payouts/, 'payout'],
];

export const RESOURCE_NAMES = [...new Set(RESOURCES.map(([, name]) => name))];
const PERMISSION = /^rak_([a-z_]+)_(read|write)$/;

/** The permission a request needs (`rak_refund_write`), or null for endpoints the simulator does not scope. */
export function requiredPermission(method: string, path: string): string | null {
  const match = RESOURCES.find(([pattern]) => pattern.test(path));
  if (!match) return null;
  return `rak_${match[1]}_${method === 'GET' ? 'read' : 'write'}`;
}

/** Throws a plain Error naming the first permission that is not one of Stripe's names the simulator scopes. */
export function validatePermissions(permissions: readonly string[]): string[] {
  for (const permission of permissions) {
    const match = PERMISSION.exec(permission);
    if (!match || !RESOURCE_NAMES.includes(match[1]!)) {
      throw new Error(
        `Unknown permission '${permission}': use rak_<resource>_read or rak_<resource>_write with one of ${RESOURCE_NAMES.join(', ')}.`,
      );
    }
  }
  return [...new Set(permissions)];
}

export class RestrictedKeys {
  private readonly scoped = new Map<string, Set<string>>();

  constructor(
    private readonly accountId: string,
    saved: Record<string, string[]> = {},
  ) {
    for (const [key, permissions] of Object.entries(saved)) this.scoped.set(key, new Set(permissions));
  }

  /** A new `rk_test_` key for this account holding exactly these permissions. */
  mint(permissions: readonly string[]): string {
    const valid = validatePermissions(permissions);
    const key = `rk_test_51${this.accountId.slice(5)}${randomAlnum(40)}`;
    this.scoped.set(key, new Set(valid));
    return key;
  }

  has(key: string): boolean {
    return this.scoped.has(key);
  }

  /** The permission this key lacks for the request, or null when it may go on. */
  missing(key: string, method: string, path: string): string | null {
    const held = this.scoped.get(key);
    if (!held) return null;
    const needed = requiredPermission(method, path);
    if (!needed || held.has(needed)) return null;
    if (needed.endsWith('_read') && held.has(needed.replace(/_read$/, '_write'))) return null;
    return needed;
  }

  toJSON(): Record<string, string[]> {
    return Object.fromEntries([...this.scoped].map(([key, held]) => [key, [...held]]));
  }
}
