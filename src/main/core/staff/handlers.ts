/** The lock screen (who can sign in, signing in and out) and the owner's staff list. */
import { ROLE_PERMISSIONS } from '#shared/permissions';
import type { SignedIn, StaffAccount } from '#shared/contract';
import type { AuditLog } from '../db/audit-log';
import type { Caller, StaffIdentity } from '../ipc/caller';
import { defineHandlers } from '../ipc/handler-map';
import type { SettingsStore } from '../settings/settings-store';
import { secondsLocked, type PinCheck } from './pin-check';
import type { PinConfirmation } from './pin-confirmation';
import type { Sessions } from './sessions';
import type { StaffRow, StaffStore } from './staff-store';

export interface StaffDeps {
  staff: StaffStore;
  pins: PinCheck;
  confirm: PinConfirmation;
  sessions: Sessions;
  settings: SettingsStore;
  audit: AuditLog;
}

export function staffHandlers({ staff, pins, confirm, sessions, settings, audit }: StaffDeps) {
  const signedIn = (who: StaffIdentity | null): SignedIn => ({
    staff: who ? { ...who, permissions: [...ROLE_PERMISSIONS[who.role]] } : null,
    autoLockMinutes: settings.security().autoLockMinutes,
  });
  const account = (row: StaffRow): StaffAccount => ({
    id: row.id,
    name: row.name,
    role: row.role,
    active: row.active,
    hasPin: row.hasPin,
    // The list already read each lock: no second read per person.
    lockedForSeconds: secondsLocked(row.lockedUntil, Date.now()),
    createdAt: row.createdAt,
  });
  const signOut = (caller: Caller) => {
    if (caller.staff) audit.record(caller, 'staff.signed_out', null);
    sessions.signOut(caller.session);
  };

  return defineHandlers({
    'staff.roster': () => staff.roster(),
    'staff.current': (_input, caller) => signedIn(caller.staff),
    'staff.signIn': async ({ staffId, pin }, caller) => {
      const who = await pins.verify(staffId, pin, caller);
      // Switching user: the one before is signed out first, so the log shows both.
      if (caller.staff && caller.staff.id !== who.id) signOut(caller);
      sessions.signIn(caller.session, who);
      audit.record({ ...caller, staff: who }, 'staff.signed_in', null);
      return signedIn(who);
    },
    'staff.signOut': (_input, caller) => {
      signOut(caller);
      return signedIn(null);
    },
    'staff.list': () => staff.list().map(account),
    // A name already on the list is refused before the PIN is asked for: a bad input is refused the same way,
    // whatever the PIN.
    'staff.add': async ({ name, role, newPin, pin }, caller) => {
      staff.assertNameFree(name, '');
      await confirm.require(caller, pin);
      const added = await staff.add(name, role, newPin);
      audit.record(caller, 'staff.added', null, { staffId: added.id, name, role });
      return account(added);
    },
    'staff.update': async ({ id, name, role, active, newPin, pin }, caller) => {
      if (name !== undefined) staff.assertNameFree(name, id);
      await confirm.require(caller, pin);
      const changed = await staff.change(id, { name, role, active, pin: newPin });
      // What changed, never the PIN itself.
      const fields = { name, role, active, pin: newPin ? 'changed' : undefined };
      audit.record(caller, 'staff.changed', null, {
        staffId: id,
        ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
      });
      if (role !== undefined || active === false || newPin) sessions.signOutStaff(id);
      return account(changed);
    },
  });
}
