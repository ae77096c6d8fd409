/**
 * The browser preview's stand-in for the Electron preload: the same `window.till`, carried over HTTP to the
 * preview server (calls) and Server-Sent Events (pushes). The session cookie set by the server authenticates
 * both; the page never sees the launch token.
 */
import { PUSH_TOPICS, type PushTopic } from '#shared/channels';
import type { Result } from '#shared/result';
import { createTillApi } from '#shared/till-api';

async function invoke(channel: string, input: unknown): Promise<Result<unknown>> {
  try {
    const response = await fetch(`/api/call/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input === undefined ? {} : { input }),
      credentials: 'same-origin',
    });
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
