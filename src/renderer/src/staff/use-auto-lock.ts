import { useEffect, useRef } from 'react';
import { onOtherWindows, tellOtherWindows } from './other-windows';

/** What counts as someone at the keyboard. Pointer moves too: a clerk reading an order back moves the mouse. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
/** Main's session counts calls, not keys: while someone is active, tell main so at most this often. */
const MOST_PING_EVERY_MS = 60_000;
/** How often, at most, this window tells the others that someone is working here. */
const SHARE_ACTIVITY_EVERY_MS = 5_000;

/**
 * Locks the till after `minutes` with no key or pointer in any of its windows (other-windows.ts), and keeps main's session alive while there
 * is activity (main expires a session after the same minutes without a call, so a clerk typing a long order without
 * calling main would otherwise be locked out by main mid-order). The ping goes at most once a minute, or every half
 * of a shorter lock, so main never expires a session a moment before the page would have pinged.
 */
export function useAutoLock({
  minutes,
  active,
  onIdle,
  onPing,
}: {
  minutes: number;
  /** False while the lock screen shows: nothing to lock, and nothing to keep alive. */
  active: boolean;
  onIdle(): void;
  onPing(): void;
}) {
  const callbacks = useRef({ onIdle, onPing });
  useEffect(() => {
    callbacks.current = { onIdle, onPing };
  });

  useEffect(() => {
    if (!active) return;
    const limitMs = minutes * 60_000;
    const pingEveryMs = Math.min(MOST_PING_EVERY_MS, limitMs / 2);
    let lastActivity = Date.now();
    let lastPing = Date.now();
    let lastShared = 0;
    let timer: ReturnType<typeof setTimeout>;

    // One timer for the deadline, moved only when it fires early: resetting it on every pointer move would be wasteful.
    const check = () => {
      const idleMs = Date.now() - lastActivity;
      if (idleMs >= limitMs) callbacks.current.onIdle();
      else timer = setTimeout(check, limitMs - idleMs);
    };
    timer = setTimeout(check, limitMs);

    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastShared >= SHARE_ACTIVITY_EVERY_MS) {
        lastShared = lastActivity;
        tellOtherWindows({ kind: 'activity' });
      }
      if (lastActivity - lastPing >= pingEveryMs) {
        lastPing = lastActivity;
        callbacks.current.onPing();
      }
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { capture: true, passive: true });
    // Someone working in another window keeps this one open too (the other window pings main).
    const stopListening = onOtherWindows((message) => {
      if (message.kind === 'activity') lastActivity = Date.now();
    });
    return () => {
      stopListening();
      clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [minutes, active]);
}
