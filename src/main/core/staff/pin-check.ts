/**
 * Checking a staff member's PIN so that no load of guesses gets more than five tries:
 * - a try is counted, and the lock checked, in one transaction before the PIN is hashed, so guesses sent at once
 *   cannot all be checked while the first hashes are still running (and a crash mid-check still counts the try);
 * - tries on one account are checked one at a time, in the order they came;
 * - the fifth try in a row locks the account at once (a right fifth PIN lifts its own lock): 5 minutes, then 10, 20…
 *   up to a day, until a right PIN; a lock is only ever lengthened, and no PIN is hashed while it holds.
 * The counts live in the order log, so restarting Till does not reset them.
 */
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import { forbidden } from '../errors';
import type { Caller, StaffIdentity } from '../ipc/caller';
import { pinMatches } from './pin-hash';

export const TRIES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 5 * 60_000;
const LONGEST_LOCK_MS = 24 * 60 * 60_000;

/** Seconds until a lock ends (0 when the account takes a PIN now), from its `locked_until`. */
export const secondsLocked = (lockedUntil: number, at: number) => Math.max(0, Math.ceil((lockedUntil - at) / 1000));

export const lockDuration = (locksBefore: number) => Math.min(FIRST_LOCK_MS * 2 ** locksBefore, LONGEST_LOCK_MS);

interface PinRow extends StaffIdentity {
  active: number;
  pin_hash: string | null;
  pin_tries: number;
  locked_until: number;
  lock_count: number;
}

type TryStart =
  | { kind: 'check'; staff: StaffIdentity; hash: string; tries: number; lockMs: number }
  | { kind: 'locked'; staff: StaffIdentity; waitMs: number }
  | { kind: 'no_pin'; staff: StaffIdentity }
  | { kind: 'no_account' };

const minutes = (ms: number) => {
  const count = Math.max(1, Math.ceil(ms / 60_000));
  return `${count} minute${count === 1 ? '' : 's'}`;
};

export function createPinCheck(db: Db, audit: AuditLog, now: () => number = Date.now) {
  const row = db.prepare<[string], PinRow>(
    'SELECT id, name, role, active, pin_hash, pin_tries, locked_until, lock_count FROM staff WHERE id = ?',
  );
  const countTry = db.prepare('UPDATE staff SET pin_tries = ? WHERE id = ?');
  const lock = db.prepare(
    'UPDATE staff SET pin_tries = 0, locked_until = max(locked_until, ?), lock_count = lock_count + 1 WHERE id = ?',
  );
  const rightPin = db.prepare('UPDATE staff SET pin_tries = 0, locked_until = 0, lock_count = 0 WHERE id = ?');

  const startTry = db.transaction((staffId: string): TryStart => {
    const found = row.get(staffId);
    if (!found || !found.active) return { kind: 'no_account' };
    const staff = { id: found.id, name: found.name, role: found.role };
    if (!found.pin_hash) return { kind: 'no_pin', staff };
    const at = now();
    if (found.locked_until > at) return { kind: 'locked', staff, waitMs: found.locked_until - at };
    const tries = found.pin_tries + 1;
    if (tries < TRIES_BEFORE_LOCK) {
      countTry.run(tries, staffId);
      return { kind: 'check', staff, hash: found.pin_hash, tries, lockMs: 0 };
    }
    const lockMs = lockDuration(found.lock_count);
    lock.run(at + lockMs, staffId);
    return { kind: 'check', staff, hash: found.pin_hash, tries, lockMs };
  });

  /** One promise chain per account: the next try starts when the one before has been decided. */
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(staffId: string, work: () => Promise<T>): Promise<T> {
    const before = queues.get(staffId) ?? Promise.resolve();
    const next = before.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(staffId, settled);
    void settled.then(() => {
      if (queues.get(staffId) === settled) queues.delete(staffId);
    });
    return next;
  }

  async function decide(staffId: string, pin: string, by: Caller | 'system', field: string): Promise<StaffIdentity> {
    const started = startTry(staffId);
    if (started.kind === 'no_account') throw forbidden('No such staff member. Pick your name from the list.', field);
    if (started.kind === 'no_pin') {
      throw forbidden(`${started.staff.name} has no PIN yet. Ask the owner to set one.`, field);
    }
    if (started.kind === 'locked') {
      throw forbidden(`Too many wrong PINs for ${started.staff.name}. Try again in ${minutes(started.waitMs)}.`, field);
    }
    if (await pinMatches(pin, started.hash)) {
      rightPin.run(staffId);
      return started.staff;
    }
    const locked = started.lockMs > 0;
    audit.record(by, locked ? 'staff.pin_locked' : 'staff.pin_refused', null, { staffId });
    throw forbidden(
      locked
        ? `That PIN is not right. Too many wrong PINs: ${started.staff.name} can try again in ${minutes(started.lockMs)}.`
        : `That PIN is not right. ${TRIES_BEFORE_LOCK - started.tries} more ${
            TRIES_BEFORE_LOCK - started.tries === 1 ? 'try' : 'tries'
          } before a wait of ${minutes(lockDuration(0))}.`,
      field,
    );
  }

  return {
    /** The staff member whose PIN this is, or a `forbidden` failure that says what to do (wrong, locked, no PIN). */
    verify(staffId: string, pin: string, by: Caller | 'system', field = 'pin'): Promise<StaffIdentity> {
      return oneAtATime(staffId, () => decide(staffId, pin, by, field));
    },
    /** How long until the account takes a PIN again, in seconds (0 when it takes one now). */
    lockedForSeconds(staffId: string): number {
      const found = row.get(staffId);
      return found ? secondsLocked(found.locked_until, now()) : 0;
    },
  };
}
export type PinCheck = ReturnType<typeof createPinCheck>;
