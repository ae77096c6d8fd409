import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTill } from '#core/create-till';
import type { CallerRequest } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import type { StaffAccount } from '#shared/contract';
import { previewShell } from '../../src/web/preview-shell';
import { forgetOwnerPin, TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

const wrongTry = { motoEnabled: true, pin: '1111' };
const checkedWrongTries = (core: TestTill, staffId: string) =>
  core.till.db
    .prepare(
      `SELECT count(*) FROM audit_log
        WHERE action IN ('staff.pin_refused', 'staff.pin_locked') AND json_extract(details, '$.staffId') = ?`,
    )
    .pluck()
    .get(staffId) as number;

/** Staff PINs through the contract: what they let through, and that no load of guesses gets past five tries. */
describe('staff PINs', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill();
  });
  afterEach(() => core.stop());

  const motoEnabled = () =>
    core.call<{ motoEnabled: boolean }>('settings.get').then((r) => r.ok && r.value.motoEnabled);

  it('asks whoever is signed in for their own PIN again before a change: none or a wrong one changes nothing', async () => {
    expect(await core.call('settings.update', { motoEnabled: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin', message: 'Type your PIN to confirm.' },
    });
    expect(await core.call('settings.update', wrongTry)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin', message: /not right\. 4 more tries before a wait of 5 minutes\./ },
    });
    expect(await motoEnabled()).toBe(false);
    expect(await core.call('settings.update', { motoEnabled: true, pin: TEST_OWNER_PIN })).toMatchObject({ ok: true });
    expect(await motoEnabled()).toBe(true);
  });

  it('keeps only salted scrypt hashes, and audits every wrong try without the digits', async () => {
    const sam = await core.addStaff('Sam', 'clerk', '1357');
    await core.call('settings.update', { motoEnabled: true, pin: '0000' });
    const hashes = core.till.db.prepare('SELECT pin_hash FROM staff').pluck().all() as string[];
    for (const hash of hashes) {
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
      expect(hash).not.toMatch(/2468|1357/);
    }
    const audit = core.till.db.prepare('SELECT action, details FROM audit_log ORDER BY id').all() as {
      action: string;
      details: string;
    }[];
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['setup.completed', 'owner.pin_set', 'staff.added', 'staff.pin_refused']),
    );
    expect(JSON.stringify(audit)).not.toMatch(/1357|0000|2468/);
    expect(audit.find((row) => row.action === 'staff.added')!.details).toContain(sam.id);
  });

  it('lets the owner change the owner PIN only signed in and with the current one', async () => {
    expect(await core.call('owner.setPin', { pin: '9999' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'currentPin' },
    });
    await core.addStaff('Mo', 'manager', '2222');
    const manager = await core.signIn((await staffNamed(core, 'Mo')).id, '2222');
    expect(await core.callAs(manager, 'owner.setPin', { pin: '9999', currentPin: TEST_OWNER_PIN })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await core.call('owner.setPin', { pin: '9999', currentPin: TEST_OWNER_PIN })).toMatchObject({ ok: true });
    expect(await core.call('settings.update', { motoEnabled: true, pin: TEST_OWNER_PIN })).toMatchObject({ ok: false });
    expect(await core.call('settings.update', { motoEnabled: true, pin: '9999' })).toMatchObject({ ok: true });
  });

  it('takes a first owner PIN from anyone only on an upgraded log that has none', async () => {
    forgetOwnerPin(core.till.db);
    const nobody: CallerRequest = { session: 'walk-up', window: 'checkout' };
    expect(await core.callAs(nobody, 'owner.pinStatus')).toEqual({
      ok: true,
      value: { set: false, lockedForSeconds: 0 },
    });
    expect(await core.callAs(nobody, 'owner.setPin', { pin: '2468' })).toMatchObject({ ok: true });
    expect(await core.callAs(nobody, 'owner.setPin', { pin: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it.each(['123', '1234567', 'abcd', '12 34'])('refuses %j as a staff PIN', async (pin) => {
    expect(
      await core.call('staff.add', { name: 'Sam', role: 'clerk', newPin: pin, newPinAgain: pin, pin: TEST_OWNER_PIN }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'newPin' } });
  });

  it('locks after five wrong PINs, then twice as long each time, and a restart does not unlock it', async () => {
    for (let i = 0; i < 5; i++) await core.call('settings.update', { motoEnabled: true, pin: `111${i}` });
    expect(await core.call('settings.update', { motoEnabled: true, pin: TEST_OWNER_PIN })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: /Try again in 5 minutes/ },
    });
    const lockedUntil = () =>
      core.till.db.prepare("SELECT locked_until FROM staff WHERE id = 'owner'").pluck().get() as number;
    const firstLock = lockedUntil();
    expect(firstLock - Date.now()).toBeGreaterThan(290_000);

    // The lock runs out: five more wrong PINs lock for ten minutes.
    core.till.db.prepare("UPDATE staff SET locked_until = ? WHERE id = 'owner'").run(Date.now() - 1);
    for (let i = 0; i < 5; i++) await core.call('settings.update', { motoEnabled: true, pin: `222${i}` });
    expect(lockedUntil() - Date.now()).toBeGreaterThan(590_000);
    expect(lockedUntil() - Date.now()).toBeLessThanOrEqual(600_000);

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
      expect((status as { value: { lockedForSeconds: number } }).value.lockedForSeconds).toBeGreaterThan(590);
      const session: CallerRequest = { session: 'after-restart', window: 'checkout' };
      expect(
        await dispatch(again.handlers, 'staff.signIn', { staffId: 'owner', pin: TEST_OWNER_PIN }, undefined, session),
      ).toMatchObject({ ok: false, error: { code: 'forbidden', message: /Try again in 10 minutes/ } });
    } finally {
      await again.close();
    }
  });

  it('checks at most five of 1,000 wrong PINs sent at once, and refuses the right one sent after them', async () => {
    const sam = await core.addStaff('Sam', 'clerk', '1357');
    const session = (i: number): CallerRequest => ({ session: `guess-${i}`, window: 'checkout' });
    const started = Date.now();
    const guesses = Array.from({ length: 1000 }, (_, i) =>
      core.callAs(session(i), 'staff.signIn', { staffId: sam.id, pin: String(2000 + i) }),
    );
    const right = core.callAs(session(1000), 'staff.signIn', { staffId: sam.id, pin: '1357' });
    const answers = await Promise.all([...guesses, right]);
    const elapsed = Date.now() - started;

    expect(answers.every((answer) => !answer.ok)).toBe(true);
    expect(answers.at(-1)).toMatchObject({ ok: false, error: { code: 'forbidden', message: /Too many wrong PINs/ } });
    // Each wrong PIN that was hashed is audited once; the rest were refused before any hashing.
    expect(checkedWrongTries(core, sam.id)).toBe(5);
    expect(answers.filter((a) => !a.ok && /Too many wrong PINs for Sam/.test(a.error.message))).toHaveLength(996);
    // 1,001 scrypt checks would take minutes; five take well under a second or two.
    expect(elapsed).toBeLessThan(20_000);
    console.log(`1,001 concurrent sign-ins: ${checkedWrongTries(core, sam.id)} PINs checked, ${elapsed} ms`);
  });
});

async function staffNamed(core: TestTill, name: string): Promise<StaffAccount> {
  const list = await core.call<StaffAccount[]>('staff.list');
  if (!list.ok) throw new Error(list.error.message);
  return list.value.find((member) => member.name === name)!;
}
