import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, type PushTopic } from '#shared/channels';
import { createTillApi } from '#shared/till-api';

/** What a page can reach through `window.till`, as dotted paths to functions. */
function reachable(api: object): string[] {
  return Object.entries(api).flatMap(([key, value]) =>
    typeof value === 'function' ? [key] : reachable(value as object).map((inner) => `${key}.${inner}`),
  );
}

describe('window.till, all a page gets from the preload', () => {
  it('is one function per contract channel and `on`: no way to name another channel, nothing of Electron', () => {
    const api = createTillApi(vi.fn(), () => {});
    expect(reachable(api).sort()).toEqual([...CHANNELS, 'on'].sort());
  });

  it('calls each function on its own channel only', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: null }));
    const api = createTillApi(invoke, () => {});
    for (const channel of CHANNELS) {
      const [namespace, method] = channel.split('.') as [string, string];
      await (api as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[namespace]![
        method
      ]!({ probe: channel });
      expect(invoke).toHaveBeenLastCalledWith(channel, { probe: channel });
    }
    expect(invoke).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('refuses to listen to a push topic that does not exist', () => {
    const api = createTillApi(vi.fn(), () => {});
    expect(() => api.on('ipc.anything' as PushTopic, () => {})).toThrow(/Unknown push topic/);
  });
});
