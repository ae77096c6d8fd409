import type { Result } from '#shared/result';
import type { TillApi } from '#shared/till-api';

/**
 * `window.till` as the pages call it, with one addition: any answer `signed_out` (nobody signed in, someone signed out
 * in another window, or main's auto-lock) tells the staff gate to show the lock screen. The preload freezes
 * `window.till`, so this wraps it rather than patching it; every renderer call goes through here.
 */
const signedOutListeners = new Set<() => void>();

/** Called whenever main answers a call with `signed_out`; returns the function that stops listening. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

function watched(call: (input?: unknown) => Promise<Result<unknown>>) {
  return async (input?: unknown) => {
    const result = await call(input);
    if (!result.ok && result.error.code === 'signed_out') for (const listener of signedOutListeners) listener();
    return result;
  };
}

function wrap(api: TillApi): TillApi {
  const wrapped: Record<string, unknown> = { on: api.on };
  for (const [namespace, group] of Object.entries(api)) {
    if (namespace === 'on') continue;
    wrapped[namespace] = Object.fromEntries(
      Object.entries(group as Record<string, (input?: unknown) => Promise<Result<unknown>>>).map(([method, call]) => [
        method,
        watched(call),
      ]),
    );
  }
  return wrapped as TillApi;
}

export const till: TillApi = wrap(window.till);
