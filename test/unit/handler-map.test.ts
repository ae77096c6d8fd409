/**
 * The handler map is put together from each feature's part; the compiler refuses a map where a channel has no
 * handler or two. The `@ts-expect-error` lines below are checked by `npm run typecheck`: if the check stopped
 * refusing them, the typecheck would fail on an unused directive.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '#shared/channels';
import { defineHandlers, mergeHandlers } from '#core/ipc/handler-map';
import { startTill } from '../support/till';

const info = defineHandlers({
  'app.info': () => ({
    version: '1',
    mode: 'training',
    dataDir: '/tmp',
    currency: 'CAD',
    shopName: 'Shop',
    host: 'browser',
    accountName: null,
    orderLog: '/tmp/till.sqlite',
  }),
});
const catalog = defineHandlers({ 'catalog.list': () => [] });

describe('the handler map', () => {
  it('is refused by the compiler when a channel has no handler', () => {
    // @ts-expect-error every channel but app.info and catalog.list is missing
    expect(() => mergeHandlers(info, catalog)).not.toThrow();
  });

  it('is refused by the compiler when two parts handle one channel', () => {
    const again = defineHandlers({ 'catalog.list': () => [] });
    // @ts-expect-error catalog.list is handled twice (and the rest is missing)
    expect(() => mergeHandlers(info, catalog, again)).not.toThrow();
  });

  it("holds exactly the contract's channels in a running Till, each a function", async () => {
    const { till, stop } = await startTill();
    try {
      expect(Object.keys(till.handlers).sort()).toEqual([...CHANNELS].sort());
      for (const channel of CHANNELS) expect(typeof till.handlers[channel]).toBe('function');
    } finally {
      await stop();
    }
  });
});
