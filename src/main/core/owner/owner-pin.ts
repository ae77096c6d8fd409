/**
 * The owner's PIN, which set-up asks for. It is the owner's staff account's PIN (staff/pin-check.ts checks it, with
 * the same lock as everyone's). A log upgraded from before set-up may hold orders and no owner PIN: then, and only
 * then, anyone at the PC may set the first one; afterwards changing it takes the signed-in owner and the current PIN.
 */
import type { OwnerPinStatus } from '#shared/contract';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import { forbidden } from '../errors';
import type { Caller } from '../ipc/caller';
import type { PinCheck } from '../staff/pin-check';
import { hashPin } from '../staff/pin-hash';

export const OWNER_ID = 'owner';

export function createOwnerPin(db: Db, pins: PinCheck, audit: AuditLog, now: () => number = Date.now) {
  const storedHash = db.prepare<[], string | null>(`SELECT pin_hash FROM staff WHERE id = '${OWNER_ID}'`).pluck();
  const saveHash = db.prepare(
    `INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES ('${OWNER_ID}', 'Owner', 'owner', ?, ?)
     ON CONFLICT (id) DO UPDATE SET pin_hash = excluded.pin_hash, pin_tries = 0, locked_until = 0, lock_count = 0`,
  );
  const isSet = () => Boolean(storedHash.get());

  const pin = {
    isSet,
    status(): OwnerPinStatus {
      return { set: isSet(), lockedForSeconds: pins.lockedForSeconds(OWNER_ID) };
    },

    /** Sets the first PIN, or changes it (which takes the signed-in owner and the current PIN). */
    async set(newPin: string, currentPin: string | undefined, caller: Caller): Promise<OwnerPinStatus> {
      const changing = isSet();
      if (changing) {
        if (caller.staff?.id !== OWNER_ID) throw forbidden('Only the owner, signed in, can change the owner PIN.');
        if (!currentPin) throw forbidden('Enter the current owner PIN.', 'currentPin');
        await pins.verify(OWNER_ID, currentPin, caller, 'currentPin');
      }
      saveHash.run(await hashPin(newPin), now());
      audit.record(caller, changing ? 'owner.pin_changed' : 'owner.pin_set', null);
      return pin.status();
    },
  };
  return pin;
}
export type OwnerPin = ReturnType<typeof createOwnerPin>;
