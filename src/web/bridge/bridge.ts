/**
 * The browser preview's stand-in for the Electron preload: the same `window.till`, carried over HTTP to the
 * preview server (calls) and Server-Sent Events (pushes). The session cookie set by the server authenticates
 * both; the page never sees the launch token (nor the cookie: it is HttpOnly).
 */
import { PUSH_TOPICS, type PushTopic } from '#shared/channels';
import type { Result, TillError } from '#shared/result';
import { createTillApi } from '#shared/till-api';

/**
 * Which of Till's windows this page is, from its hash route (`#/history?order=…` → history), read at each call since
 * the route changes. The server checks it against its list of windows; this only keeps the header well formed.
 */
function windowOfPage(): string {
  const route = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return /^[a-z]{1,32}$/.test(route) ? route : 'unknown';
}

/** What the server's refusals before a call (not signed in, too large) mean to the person at the page. */
const REFUSALS: Record<number, TillError> = {
  401: {
    code: 'forbidden',
    message: 'This browser is not signed in to the Till preview. Open the link the preview printed when it started.',
  },
  413: { code: 'invalid_input', message: 'That is more than Till takes in one call.' },
};

async function invoke(channel: string, input: unknown): Promise<Result<unknown>> {
  try {
    const response = await fetch(`/api/call/${encodeURIComponent(channel)}`, {
      method: 'POST',
      // The preview server's WINDOW_HEADER (the bridge, a browser script, cannot import the server's code).
      headers: { 'content-type': 'application/json', 'x-till-window': windowOfPage() },
      body: JSON.stringify(input === undefined ? {} : { input }),
      credentials: 'same-origin',
    });
    const refusal = REFUSALS[response.status];
    if (refusal !== undefined) return { ok: false, error: refusal };
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Till is not responding. Is the preview still running?' } };
  }
}

const till = createTillApi(invoke, (listener) => {
  const source = new EventSource('/api/push');
  source.onmessage = (message: MessageEvent<string>) => {
    const { topic, payload } = JSON.parse(message.data) as { topic: PushTopic; payload: unknown };
    if (PUSH_TOPICS.includes(topic)) listener(topic, payload);
  };
});

Object.defineProperty(window, 'till', { value: Object.freeze(till), writable: false, configurable: false });
