import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SignedIn } from '#shared/contract';
import type { Result } from '#shared/result';
import { holdPageKeys } from './keys-behind-lock';
import { LockScreen } from './LockScreen';
import { SignedInContext, type SignedInStaff, type SignedInValue } from './signed-in-context';
import { onOtherWindows, tellOtherWindows } from './other-windows';
import { onSignedOut, till } from './till';
import { useAutoLock } from './use-auto-lock';

/** Counts locks and sign-ins; `mark()` answers whether none happened since. */
function createEpoch() {
  let count = 0;
  return {
    next: () => void (count += 1),
    mark: () => {
      const at = count;
      return () => at === count;
    },
  };
}

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

  // Bumped by every lock and sign-in: an answer to `staff.current` asked before one of them is stale (a ping sent by
  // the very click on "Switch user" must not sign the last person back in when it lands after the lock).
  const [epoch] = useState(createEpoch);
  const take = useCallback((signedIn: SignedIn) => {
    setState({ status: 'ready', staff: signedIn.staff, autoLockMinutes: signedIn.autoLockMinutes });
    if (signedIn.staff) setLast(signedIn.staff);
  }, []);
  const showLock = useCallback(() => {
    epoch.next();
    setState((current) => (current.status === 'ready' ? { ...current, staff: null } : current));
  }, [epoch]);

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
  const refresh = useCallback(() => {
    const current = epoch.mark();
    void till.staff.current().then((result) => {
      if (current()) answer(result);
    });
  }, [answer, epoch]);

  useEffect(() => {
    const current = epoch.mark();
    void till.staff.current().then((result) => {
      if (current()) answer(result);
    });
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
  }, [answer, epoch, refresh, showLock]);

  const lock = useCallback(() => {
    showLock();
    tellOtherWindows({ kind: 'locked' });
    void till.staff.signOut();
  }, [showLock]);
  const signedIn = useCallback(
    (who: SignedIn) => {
      epoch.next();
      take(who);
      tellOtherWindows({ kind: 'signed-in' });
    },
    [take, epoch],
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
