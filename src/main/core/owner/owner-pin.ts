/**
 * The owner's PIN: what stands between whoever is at the counter and the owner-only actions (payment settings
 * today; refunds next). It is kept as an scrypt hash on the owner's staff row, never as the digits. Five wrong PINs
 * in a row lock it for five minutes; the count is kept in the order log, so restarting Till does not reset it.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { OwnerPinStatus } from '#shared/contract';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import { forbidden } from '../errors';

const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60_000;
/** 32 MiB and ~0.1 s per try on a shop PC: slow for someone guessing from a copy of the file, quick for the owner. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_BYTES = 32;

function derive(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** "scrypt$N$r$p$salt$key", base64: the parameters travel with the hash, so they can be raised later. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(pin, Buffer.from(salt, 'base64'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

interface Lock {
  failures: number;
  lockedUntil: number;
}

export function createOwnerPin(db: Db, audit: AuditLog, now: () => number = Date.now) {
  const storedHash = db.prepare<[], string | null>("SELECT pin_hash FROM staff WHERE id = 'owner'").pluck();
  const saveHash = db.prepare(
    `INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES ('owner', 'Owner', 'owner', ?, ?)
     ON CONFLICT (id) DO UPDATE SET pin_hash = excluded.pin_hash`,
  );
  const readLock = db.prepare<[], string>("SELECT value FROM settings WHERE key = 'owner_pin_lock'").pluck();
  const writeLock = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES ('owner_pin_lock', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const lock = (): Lock => {
    const value = readLock.get();
    return value ? (JSON.parse(value) as Lock) : { failures: 0, lockedUntil: 0 };
  };
  const setLock = (value: Lock) => writeLock.run(JSON.stringify(value), now());
  const lockedForSeconds = () => Math.max(0, Math.ceil((lock().lockedUntil - now()) / 1000));

  const pin = {
    status(): OwnerPinStatus {
      return { set: Boolean(storedHash.get()), lockedForSeconds: lockedForSeconds() };
    },

    /** Lets an owner-only action go ahead: at once when no PIN has been set, otherwise only with the right one. */
    async require(given: string | undefined, field = 'pin'): Promise<void> {
      const stored = storedHash.get();
      if (!stored) return;
      const wait = lockedForSeconds();
      if (wait > 0) {
        throw forbidden(
          `Too many wrong PINs. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
          field,
        );
      }
      if (!given) throw forbidden('Enter the owner PIN.', field);
      if (await pinMatches(given, stored)) {
        if (lock().failures > 0) setLock({ failures: 0, lockedUntil: 0 });
        return;
      }
      const failures = lock().failures + 1;
      const locked = failures >= LOCK_AFTER_FAILURES;
      setLock({ failures: locked ? 0 : failures, lockedUntil: locked ? now() + LOCK_MS : 0 });
      audit.record('owner', locked ? 'owner.pin_locked' : 'owner.pin_refused', null);
      throw forbidden(
        locked
          ? 'That PIN is not the owner PIN. Too many wrong PINs: try again in 5 minutes.'
          : `That PIN is not the owner PIN. ${LOCK_AFTER_FAILURES - failures} more tries before a 5-minute wait.`,
        field,
      );
    },

    /** Sets the PIN, or changes it (which takes the current one). */
    async set(newPin: string, currentPin: string | undefined): Promise<OwnerPinStatus> {
      await pin.require(currentPin, 'currentPin');
      const changing = Boolean(storedHash.get());
      saveHash.run(await hashPin(newPin), now());
      audit.record('owner', changing ? 'owner.pin_changed' : 'owner.pin_set', null);
      return pin.status();
    },
  };
  return pin;
}
export type OwnerPin = ReturnType<typeof createOwnerPin>;
