/**
 * Who is calling: the transport says which sign-in session and which window (Electron: one session for the whole
 * PC, since every window is on the same counter; the browser preview: one per browser session cookie), and the staff
 * gate (staff/staff-gate.ts) adds the staff member signed in on that session, if any. Handlers read it to name who
 * did what in the order log and the audit log.
 */
import type { Role } from '#shared/permissions';

export const WINDOW_NAMES = ['checkout', 'history', 'catalog', 'staff', 'audit', 'unknown'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export const windowName = (raw: unknown): WindowName =>
  (WINDOW_NAMES as readonly unknown[]).includes(raw) ? (raw as WindowName) : 'unknown';

/** The window a page is, from its hash route: `…/index.html#/history?order=…` is the history window. */
export function windowOfPage(url: string | null | undefined): WindowName {
  const hash = url?.split('#')[1] ?? '';
  return windowName(hash.replace(/^\//, '').split(/[/?]/)[0]);
}

export interface CallerRequest {
  session: string;
  window: WindowName;
}

export interface StaffIdentity {
  id: string;
  name: string;
  role: Role;
}

export interface Caller extends CallerRequest {
  /** The staff member signed in on the session; null before sign-in (only the lock screen's channels answer then). */
  staff: StaffIdentity | null;
}

/** The one session of the desktop app: all of Till's windows share who is signed in at this PC. */
export const DESKTOP_SESSION = 'desktop';

/** A call from a test or tool that names no session: it is not signed in. */
export const NOBODY: CallerRequest = { session: 'none', window: 'unknown' };
