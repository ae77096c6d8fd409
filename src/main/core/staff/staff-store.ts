/** The shop's staff: who may sign in at the till, with which role. PINs are hashed here and checked in pin-check.ts. */
import { randomUUID } from 'node:crypto';
import type { Role } from '#shared/permissions';
import type { Db } from '../db/open';
import { conflict, invalidInput, notFound } from '../errors';
import type { StaffIdentity } from '../ipc/caller';
import { hashPin } from './pin-hash';

export interface StaffRow extends StaffIdentity {
  active: boolean;
  hasPin: boolean;
  lockedUntil: number;
  createdAt: number;
}

interface StaffDbRow {
  id: string;
  name: string;
  role: Role;
  active: number;
  pin_hash: string | null;
  locked_until: number;
  created_at: number;
}

const toStaff = (row: StaffDbRow): StaffRow => ({
  id: row.id,
  name: row.name,
  role: row.role,
  active: row.active === 1,
  hasPin: row.pin_hash !== null,
  lockedUntil: row.locked_until,
  createdAt: row.created_at,
});

export interface StaffChange {
  name?: string;
  role?: Role;
  active?: boolean;
  pin?: string;
}

export function createStaffStore(db: Db, now: () => number = Date.now) {
  const columns = 'id, name, role, active, pin_hash, locked_until, created_at';
  const all = db.prepare<[], StaffDbRow>(`SELECT ${columns} FROM staff ORDER BY active DESC, name`);
  const byId = db.prepare<[string], StaffDbRow>(`SELECT ${columns} FROM staff WHERE id = ?`);
  const byName = db.prepare<[string, string], { id: string }>('SELECT id FROM staff WHERE name = ? AND id <> ?');
  const activeOwners = db
    .prepare<[], number>("SELECT count(*) FROM staff WHERE role = 'owner' AND active = 1 AND pin_hash IS NOT NULL")
    .pluck();
  const insert = db.prepare(
    'INSERT INTO staff (id, name, role, pin_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?)',
  );
  const update = db.prepare(
    `UPDATE staff SET name = @name, role = @role, active = @active,
       pin_hash = coalesce(@pinHash, pin_hash),
       pin_tries = CASE WHEN @pinHash IS NULL THEN pin_tries ELSE 0 END,
       locked_until = CASE WHEN @pinHash IS NULL THEN locked_until ELSE 0 END,
       lock_count = CASE WHEN @pinHash IS NULL THEN lock_count ELSE 0 END
     WHERE id = @id`,
  );

  const assertNameFree = (name: string, id: string) => {
    if (byName.get(name, id)) throw invalidInput(`${name} is already on the staff list. Use another name.`, 'name');
  };

  return {
    /** The handlers refuse a taken name before asking for the PIN; add and change check again. */
    assertNameFree,
    list: (): StaffRow[] => all.all().map(toStaff),
    get(id: string): StaffRow | null {
      const row = byId.get(id);
      return row ? toStaff(row) : null;
    },
    /** Who the lock screen offers: active staff who can sign in. */
    roster: (): StaffIdentity[] =>
      all
        .all()
        .filter((row) => row.active === 1 && row.pin_hash !== null)
        .map(({ id, name, role }) => ({ id, name, role })),

    async add(name: string, role: Role, pin: string): Promise<StaffRow> {
      assertNameFree(name, '');
      const id = randomUUID();
      insert.run(id, name, role, await hashPin(pin), now());
      return toStaff(byId.get(id)!);
    },

    /** Changes a staff member; the shop always keeps an owner who can sign in. */
    async change(id: string, change: StaffChange): Promise<StaffRow> {
      const before = byId.get(id);
      if (!before) throw notFound('No such staff member.');
      const name = change.name ?? before.name;
      const role = change.role ?? before.role;
      const active = change.active ?? before.active === 1;
      if (change.name !== undefined) assertNameFree(name, id);
      const wasSigningOwner = before.role === 'owner' && before.active === 1 && before.pin_hash !== null;
      if (wasSigningOwner && (role !== 'owner' || !active) && activeOwners.get()! <= 1) {
        throw conflict('Till needs an owner who can sign in. Make someone else an owner first.', 'role');
      }
      const pinHash = change.pin ? await hashPin(change.pin) : null;
      update.run({ id, name, role, active: active ? 1 : 0, pinHash });
      return toStaff(byId.get(id)!);
    },
  };
}
export type StaffStore = ReturnType<typeof createStaffStore>;
