/**
 * Runs sandboxed before Till's pages. Exposes `window.till` — one function per contract channel, plus `on` for
 * pushes — and nothing else: never ipcRenderer, never Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { PUSH_IPC_CHANNEL, PUSH_TOPICS, type PushTopic } from '#shared/channels';
import type { Result } from '#shared/result';
import { createTillApi } from '#shared/till-api';

const till = createTillApi(
  (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>,
  (listener) => {
    ipcRenderer.on(PUSH_IPC_CHANNEL, (_event, message: { topic: PushTopic; payload: unknown }) => {
      if (PUSH_TOPICS.includes(message?.topic)) listener(message.topic, message.payload);
    });
  },
);

contextBridge.exposeInMainWorld('till', till);
