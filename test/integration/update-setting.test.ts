import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/** The owner's "Check for updates" setting, which the desktop app's updater reads through `till.updates`. */
describe('the Check for updates setting', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill();
  });
  afterEach(() => core.stop());

  it('is off on a new order log', async () => {
    expect(await core.call('settings.get')).toMatchObject({ ok: true, value: { checkForUpdates: false } });
    expect(core.till.updates.enabled()).toBe(false);
  });

  it('the owner turns it on with their PIN, and the updater sees it at once', async () => {
    expect(await core.call('settings.update', { checkForUpdates: true })).toMatchObject({
      ok: false,
      error: { field: 'pin' },
    });
    expect(await core.call('settings.update', { checkForUpdates: true, pin: TEST_OWNER_PIN })).toMatchObject({
      ok: true,
      value: { checkForUpdates: true, eventSource: 'events_api', autoLockMinutes: 10 },
    });
    expect(core.till.updates.enabled()).toBe(true);
    expect(await core.call('settings.get')).toMatchObject({ ok: true, value: { checkForUpdates: true } });
  });

  it('is the owner’s alone: a manager cannot turn it on', async () => {
    const manager = await core.addStaff('Mia', 'manager', '1357');
    const session = await core.signIn(manager.id, '1357');
    expect(await core.callAs(session, 'settings.update', { checkForUpdates: true, pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(core.till.updates.enabled()).toBe(false);
  });

  it('takes only true or false', async () => {
    expect(await core.call('settings.update', { checkForUpdates: 'yes', pin: TEST_OWNER_PIN })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'checkForUpdates' },
    });
  });

  it('a moment is not quiet while someone is using Till, and is once nobody is signed in', async () => {
    await core.call('settings.get');
    expect(core.till.updates.quiet()).toBe(false);
    await core.call('staff.signOut');
    expect(core.till.updates.quiet()).toBe(true);
  });
});
