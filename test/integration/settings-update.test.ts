import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/** The payment settings change only in what the owner sent. */
describe('settings.update', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill({ training: true });
    await core.till.startBackground();
  });
  afterEach(() => core.stop());

  it('treats a field sent as undefined (Electron IPC keeps such keys) as a field not sent', async () => {
    const before = await core.call('settings.get');
    expect(before).toMatchObject({ ok: true, value: { eventSource: 'events_api' } });
    const updated = await core.call('settings.update', {
      motoEnabled: true,
      eventSource: undefined,
      pin: TEST_OWNER_PIN,
    });
    expect(updated).toEqual({ ok: true, value: { ...(before as { value: object }).value, motoEnabled: true } });
    expect(await core.call('settings.get')).toEqual(updated);
    expect(await core.call('events.status')).toMatchObject({ ok: true, value: { source: 'events_api' } });
  });
});
