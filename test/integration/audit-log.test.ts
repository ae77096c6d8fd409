import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditChainCheck } from '#core/audit/audit-chain-check';
import { migrate } from '#core/db/migrate';
import { MIGRATIONS } from '#core/db/migrations/index';
import type { AuditPage } from '#shared/contract';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

/** The owner's audit log: who did what from which window, filtered, exported, and evidence of any edit. */
describe('the audit log', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill();
  });
  afterEach(() => core.stop());

  const page = async (input?: object) => {
    const answer = await core.call<AuditPage>('audit.list', input);
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  };
  const addSam = () => core.addStaff('Sam', 'clerk', '1357');

  it('lists who did what from which window, newest first, filtered and paged, and says the chain is intact', async () => {
    const sam = await addSam();
    const history = await core.signIn('owner', TEST_OWNER_PIN, 'history');
    await core.callAs(history, 'settings.update', { motoEnabled: true, pin: TEST_OWNER_PIN });
    await core.signIn(sam.id, '1357');

    const all = await page();
    expect(all.chain).toMatchObject({ state: 'intact', brokenAt: null });
    expect(all.chain.checkedRows).toBe(all.entries.length);
    expect(all.entries[0]).toMatchObject({ who: 'Sam', action: 'staff.signed_in', window: 'checkout' });
    const settings = all.entries.find((entry) => entry.action === 'settings.updated')!;
    expect(settings).toMatchObject({ who: 'Owner', staffId: 'owner', window: 'history' });
    expect(settings.details).toEqual([{ key: 'motoEnabled', value: 'true' }]);

    expect((await page({ filter: { staffId: sam.id } })).entries.map((e) => e.action)).toEqual(['staff.signed_in']);
    expect((await page({ filter: { window: 'history' } })).entries.map((e) => e.action)).toEqual([
      'settings.updated',
      'staff.signed_in',
    ]);
    expect((await page({ filter: { action: 'staff' } })).entries.every((e) => e.action.startsWith('staff.'))).toBe(
      true,
    );
    const first = await page({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    const next = await page({ limit: 2, before: first.nextBefore! });
    expect(next.entries[0]!.id).toBeLessThan(first.entries[1]!.id);
  });

  it('exports what the filter matches as CSV, and audits the export', async () => {
    await addSam();
    const exported = await core.call<{ csv: string; rows: number }>('audit.exportCsv', {
      filter: { action: 'staff' },
    });
    expect(exported).toMatchObject({ ok: true, value: { rows: 1 } });
    const csv = (exported as { value: { csv: string } }).value.csv;
    expect(csv.split('\r\n')[0]).toBe('\uFEFFEntry,When,Who,Action,Window,Order,Details');
    expect(csv).toContain('Owner,staff.added,checkout');
    expect((await page({ filter: { action: 'audit' } })).entries.map((e) => e.action)).toEqual(['audit.exported']);
  });

  it.each([
    [
      'a changed row',
      (db: Database.Database, id: number) => db.prepare(`UPDATE audit_log SET details = '{}' WHERE id = ?`).run(id),
      0,
    ],
    [
      'a deleted row',
      (db: Database.Database, id: number) => db.prepare('DELETE FROM audit_log WHERE id = ?').run(id),
      1,
    ],
  ])('finds %s where it was made, and warns the owner from there on', async (_what, edit, after) => {
    await addSam();
    await core.call('settings.update', { motoEnabled: true, pin: TEST_OWNER_PIN });
    const target = core.till.db
      .prepare("SELECT id FROM audit_log WHERE action = 'staff.added'")
      .pluck()
      .get() as number;
    edit(core.till.db, target);
    const check = await createAuditChainCheck(core.till.db).run();
    expect(check).toMatchObject({ state: 'broken', brokenAt: { id: target + after } });
    expect(check.checkedRows).toBe(target - 1);
  });
});

describe('migration 8 (staff accounts)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it("chains the audit rows already written, moves the owner's lock to their account, and allows managers", async () => {
    const file = join(dir.path, 'till.sqlite');
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 7));
    db.prepare(
      "INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES ('owner', 'Ada', 'owner', 'x', 1)",
    ).run();
    const insert = db.prepare('INSERT INTO audit_log (at, actor, action, order_id, details) VALUES (?, ?, ?, NULL, ?)');
    db.transaction(() => {
      for (let i = 0; i < 25_003; i++) insert.run(i, i % 2 ? 'owner' : 'clerk', 'owner.pin_refused', '{}');
    })();
    const lock = JSON.stringify({ failures: 3, lockedUntil: 42 });
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('owner_pin_lock', ?, 1)").run(lock);

    migrate(db, MIGRATIONS.slice(0, 8));
    expect(db.prepare('SELECT count(*) FROM audit_log WHERE hash IS NULL').pluck().get()).toBe(0);
    expect(await createAuditChainCheck(db).run()).toMatchObject({ state: 'intact', checkedRows: 25_003 });
    expect(db.prepare("SELECT pin_tries, locked_until FROM staff WHERE id = 'owner'").get()).toEqual({
      pin_tries: 3,
      locked_until: 42,
    });
    expect(db.prepare("SELECT count(*) FROM settings WHERE key = 'owner_pin_lock'").pluck().get()).toBe(0);
    db.prepare("INSERT INTO staff (id, name, role, created_at) VALUES ('m', 'Mo', 'manager', 1)").run();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
