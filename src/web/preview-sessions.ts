/**
 * Who may use the browser preview. A launch link carries a one-time token; the first browser to open it gets a
 * random session cookie in exchange and the token is spent, so a link copied from the terminal, a shell history or
 * a screenshot opens nothing later. Each cookie is its own sign-in session in core (staff sign in per session), named
 * by an opaque id that is not the cookie: the id may reach logs and the audit log, the cookie must not.
 *
 * Secrets are kept and looked up by their SHA-256 digest, so the time a lookup takes says nothing about the secret
 * and the server holds no token or cookie that would open the preview.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface PreviewSessions {
  /** A fresh one-time launch token, good for one exchange. */
  newLaunchToken(): string;
  /** Spends a launch token: the new session's cookie value, or null when the token is unknown or already spent. */
  exchange(token: string | undefined): string | null;
  /** The session id a cookie value stands for, or null when it stands for none. */
  sessionOf(cookie: string | undefined): string | null;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const randomSecret = () => randomBytes(32).toString('base64url');

export function createPreviewSessions(): PreviewSessions {
  const unspentTokens = new Set<string>();
  const sessionsByCookie = new Map<string, string>();
  return {
    newLaunchToken() {
      const token = randomSecret();
      unspentTokens.add(digest(token));
      return token;
    },
    exchange(token) {
      // Set.delete is the check and the spending in one step: two requests with one token cannot both win.
      if (token === undefined || !unspentTokens.delete(digest(token))) return null;
      const cookie = randomSecret();
      sessionsByCookie.set(digest(cookie), `preview-${randomUUID()}`);
      return cookie;
    },
    sessionOf(cookie) {
      return cookie === undefined ? null : (sessionsByCookie.get(digest(cookie)) ?? null);
    },
  };
}
