/**
 * Who is signed in where. A session is the transport's (ipc/caller.ts); signing in ties it to a staff member until
 * they sign out, someone else signs in ("switch user"), or nothing is done for the owner's auto-lock minutes — the
 * page locks itself then too, and main refuses the stale session, so a page left open cannot outlive the lock.
 * Kept in memory: restarting Till signs everyone out.
 */
import { NOBODY, type StaffIdentity } from '../ipc/caller';

interface SignedIn {
  staff: StaffIdentity;
  lastSeen: number;
}

export interface SignedInSession {
  session: string;
  staff: StaffIdentity;
  lastSeen: number;
}

export function createSessions(options: {
  autoLockMinutes: () => number;
  /** Whether this order log has the staff member, active and in the same role (for sessions carried over). */
  onStaff: (staff: StaffIdentity) => boolean;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, SignedIn>();
  const expired = (entry: SignedIn) => now() - entry.lastSeen > options.autoLockMinutes() * 60_000;
  return {
    signIn(session: string, staff: StaffIdentity): void {
      // A call that named no session (a tool, a test's bare dispatch) never becomes a signed-in one.
      if (session === NOBODY.session) return;
      sessions.set(session, { staff, lastSeen: now() });
    },
    /** The staff member signed in on the session, counting this call as activity; null when none or auto-locked. */
    current(session: string): StaffIdentity | null {
      const entry = sessions.get(session);
      if (!entry) return null;
      if (expired(entry)) {
        sessions.delete(session);
        return null;
      }
      entry.lastSeen = now();
      return entry.staff;
    },
    signOut(session: string): void {
      sessions.delete(session);
    },
    /** Who is signed in where, to carry to the next order log when the Stripe keys change (core/till-host.ts). */
    signedIn(): SignedInSession[] {
      return [...sessions].filter(([, entry]) => !expired(entry)).map(([session, entry]) => ({ session, ...entry }));
    },
    /** Keeps the sessions of the log before signed in here, for the staff this log has too (the owner, carried). */
    adopt(carried: readonly SignedInSession[]): void {
      for (const { session, staff, lastSeen } of carried) {
        if (options.onStaff(staff)) sessions.set(session, { staff, lastSeen });
      }
    },
    /** After a staff member is changed (role, PIN, deactivated): they sign in again, with what they are now. */
    signOutStaff(staffId: string): void {
      for (const [session, entry] of sessions) if (entry.staff.id === staffId) sessions.delete(session);
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
