/**
 * API keys as Stripe checks them: secret (`sk_test_`) and restricted (`rk_test_`) keys may call everything;
 * publishable keys (`pk_test_`) only the routes marked 'publishable'; live keys and unknown keys are refused with
 * "Invalid API Key provided". Keys come from `Authorization: Bearer`, HTTP Basic (key as user name, like
 * `curl -u sk_test_…:`), or — as Stripe.js sends them — the `key` parameter.
 */
import type { AuthInfo, RouteAccess, SimulatorKeys } from '../context';
import { invalidApiKey, missingApiKey, publishableKeyNotAllowed } from '../api/errors';

export function keyFromHeaders(headers: Record<string, string | string[] | undefined>): string | null {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const bearer = /^Bearer\s+(.*)$/i.exec(value);
  if (bearer) return bearer[1]!.trim() || null;
  const basic = /^Basic\s+(.*)$/i.exec(value);
  if (basic) {
    const decoded = Buffer.from(basic[1]!.trim(), 'base64').toString('utf8');
    return decoded.split(':')[0] || null;
  }
  return value.trim() || null;
}

const TEST_KEY = /^(sk|rk|pk)_test_[A-Za-z0-9]+$/;

export class KeyChecker {
  constructor(
    private readonly keys: SimulatorKeys,
    private readonly strict: boolean,
    /** Restricted keys minted for this account count as its own. */
    private readonly minted: (key: string) => boolean = () => false,
  ) {}

  classify(key: string): AuthInfo {
    const m = TEST_KEY.exec(key);
    if (!m) throw invalidApiKey(key);
    const own = key === this.keys.secret || key === this.keys.restricted || key === this.keys.publishable;
    if (this.strict && !own && !this.minted(key)) {
      throw invalidApiKey(key);
    }
    const kind = m[1] === 'sk' ? 'secret' : m[1] === 'rk' ? 'restricted' : 'publishable';
    return { kind, key };
  }

  check(key: string | null, access: RouteAccess): AuthInfo | null {
    if (access === 'none') {
      if (!key) return null;
      try {
        return this.classify(key);
      } catch {
        return null;
      }
    }
    if (!key) throw missingApiKey();
    const auth = this.classify(key);
    if (access === 'secret' && auth.kind === 'publishable') throw publishableKeyNotAllowed();
    return auth;
  }
}
