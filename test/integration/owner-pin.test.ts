import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTill } from '#core/create-till';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import { previewShell } from '../../src/web/preview-shell';
import { forgetOwnerPin } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/** The owner PIN, through the contract: what it lets through, what it stops, and that it cannot be guessed away. */
describe('the owner PIN', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill();
    // These tests start from no PIN: a log from before set-up, upgraded (a new log's set-up sets the PIN, below).
    forgetOwnerPin(core.till.db);
  });
  afterEach(() => core.stop());

  const motoEnabled = () =>
    core.call<{ motoEnabled: boolean }>('settings.get').then((r) => r.ok && r.value.motoEnabled);

  it('is not asked for until the owner sets one', async () => {
    expect(await core.call('owner.pinStatus')).toEqual({ ok: true, value: { set: false, lockedForSeconds: 0 } });
    expect(await core.call('settings.update', { motoEnabled: true })).toMatchObject({ ok: true });
  });

  it('once set, guards the payment settings: without it or with a wrong one nothing changes', async () => {
    expect(await core.call('owner.setPin', { pin: '2468' })).toEqual({
      ok: true,
      value: { set: true, lockedForSeconds: 0 },
    });
    expect(await core.call('settings.update', { motoEnabled: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin', message: 'Enter the owner PIN.' },
    });
    expect(await core.call('settings.update', { motoEnabled: true, pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin', message: /not the owner PIN\. 4 more tries/ },
    });
    expect(await motoEnabled()).toBe(false);
    expect(await core.call('settings.update', { motoEnabled: true, pin: '2468' })).toMatchObject({ ok: true });
    expect(await motoEnabled()).toBe(true);
  });

  it('keeps only a salted scrypt hash, and audits every change and every wrong try', async () => {
    await core.call('owner.setPin', { pin: '2468' });
    await core.call('settings.update', { motoEnabled: true, pin: '0000' });
    const hash = core.till.db.prepare("SELECT pin_hash FROM staff WHERE id = 'owner'").pluck().get() as string;
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
    expect(hash).not.toContain('2468');
    const actions = core.till.db
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'owner.%' ORDER BY id")
      .pluck();
    // The first: set-up's own (startTill's), before this log lost its PIN.
    expect(actions.all()).toEqual(['owner.pin_set', 'owner.pin_set', 'owner.pin_refused']);
  });

  it('changes only with the current PIN', async () => {
    await core.call('owner.setPin', { pin: '2468' });
    expect(await core.call('owner.setPin', { pin: '9999' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'currentPin' },
    });
    expect(await core.call('owner.setPin', { pin: '9999', currentPin: '2468' })).toMatchObject({ ok: true });
    expect(await core.call('settings.update', { motoEnabled: true, pin: '2468' })).toMatchObject({ ok: false });
    expect(await core.call('settings.update', { motoEnabled: true, pin: '9999' })).toMatchObject({ ok: true });
  });

  it.each(['123', '123456789', 'abcd', '12 34'])('refuses %j as a new PIN', async (pin) => {
    expect(await core.call('owner.setPin', { pin })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'pin' },
    });
    expect(await core.call('owner.pinStatus')).toMatchObject({ ok: true, value: { set: false } });
  });

  it('locks for five minutes after five wrong PINs, even against the right one, and a restart does not unlock it', async () => {
    await core.call('owner.setPin', { pin: '2468' });
    for (let i = 0; i < 5; i++) await core.call('settings.update', { motoEnabled: true, pin: `111${i}` });
    const locked = await core.call('settings.update', { motoEnabled: true, pin: '2468' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'forbidden', message: /Try again in 5 minutes/ } });
    expect(await core.call('owner.pinStatus')).toMatchObject({
      ok: true,
      value: { lockedForSeconds: expect.any(Number) },
    });

    await core.till.close();
    const again = createTill({
      dataDir: core.dataDir,
      version: 'test',
      env: {},
      logger: createLogger({ level: 'silent' }),
      shell: previewShell,
    });
    try {
      const status = await dispatch(again.handlers, 'owner.pinStatus', undefined);
      expect(status).toMatchObject({ ok: true, value: { set: true } });
      expect((status as { value: { lockedForSeconds: number } }).value.lockedForSeconds).toBeGreaterThan(290);
      expect(await dispatch(again.handlers, 'settings.update', { motoEnabled: true, pin: '2468' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    } finally {
      await again.close();
    }
  });
});
