import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SignedIn } from '#shared/contract';
import type { Result } from '#shared/result';
import { holdPageKeys } from './keys-behind-lock';
import { LockScreen } from './LockScreen';
import { SignedInContext, type SignedInStaff, type SignedInValue } from './signed-in-context';
import { onOtherWindows, tellOtherWindows } from './other-windows';
import { onSignedOut, till } from './till';
import { useAutoLock } from './use-auto-lock';

type GateState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; staff: SignedInStaff | null; autoLockMinutes: number };

/**
 * A set-up Till opens on the lock screen, and comes back to it on "Switch user", after the owner's idle minutes, or
 * whenever main answers a call with `signed_out` (signed out in another window, or main's own auto-lock). The page
 * under it mounts at the first sign-in and then stays mounted through every lock, so an order being taken (its cart,
 * the customer's details) survives a lock and a change of clerk; while locked it is inert and covered.
 */
export function StaffGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>({ status: 'loading' });
  // Who was signed in last: the page keeps its shape behind the lock screen until someone signs in.
  const [last, setLast] = useState<SignedInStaff | null>(null);

  const take = useCallback((signedIn: SignedIn) => {
    setState({ status: 'ready', staff: signedIn.staff, autoLockMinutes: signedIn.autoLockMinutes });
    if (signedIn.staff) setLast(signedIn.staff);
  }, []);
  const showLock = useCallback(() => {
    setState((current) => (current.status === 'ready' ? { ...current, staff: null } : current));
  }, []);

  // Asks main who is signed in: on opening, on coming back to the window (another window may have switched user),
  // and as the auto-lock's ping. An answer that does not come leaves the page as it is.
  const answer = useCallback(
    (result: Result<SignedIn>) => {
      if (result.ok) take(result.value);
      else
        setState((current) =>
          current.status === 'ready' ? current : { status: 'error', message: result.error.message },
        );
    },
    [take],
  );
  const refresh = useCallback(() => void till.staff.current().then(answer), [answer]);

  useEffect(() => {
    void till.staff.current().then(answer);
    const stopListening = onSignedOut(showLock);
    window.addEventListener('focus', refresh);
    const stopHearing = onOtherWindows((message) => {
      if (message.kind === 'locked') showLock();
      if (message.kind === 'signed-in') refresh();
    });
    return () => {
      stopListening();
      stopHearing();
      window.removeEventListener('focus', refresh);
    };
  }, [answer, refresh, showLock]);

  const lock = useCallback(() => {
    showLock();
    tellOtherWindows({ kind: 'locked' });
    void till.staff.signOut();
  }, [showLock]);
  const signedIn = useCallback(
    (answer: SignedIn) => {
      take(answer);
      tellOtherWindows({ kind: 'signed-in' });
    },
    [take],
  );

  const locked = state.status !== 'ready' || state.staff === null;
  useEffect(() => holdPageKeys(locked), [locked]);
  useAutoLock({
    minutes: state.status === 'ready' ? state.autoLockMinutes : 0,
    active: !locked,
    onIdle: lock,
    onPing: refresh,
  });

  const staff = state.status === 'ready' ? (state.staff ?? last) : null;
  const autoLockMinutes = state.status === 'ready' ? state.autoLockMinutes : 0;
  const value = useMemo<SignedInValue | null>(
    () => (staff ? { staff, autoLockMinutes, locked, lock, refresh } : null),
    [staff, autoLockMinutes, locked, lock, refresh],
  );

  if (state.status === 'loading') return <p className="muted setup-loading">Starting Till…</p>;
  if (state.status === 'error') {
    return (
      <p role="alert" className="notice error setup-loading">
        {state.message}{' '}
        <button type="button" className="secondary" onClick={refresh}>
          Try again
        </button>
      </p>
    );
  }
  return (
    <>
      {value && (
        <SignedInContext.Provider value={value}>
          <div className="staff-gate-page" inert={locked}>
            {children}
          </div>
        </SignedInContext.Provider>
      )}
      {locked && <LockScreen onSignedIn={signedIn} />}
    </>
  );
}
