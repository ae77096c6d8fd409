import { useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on at most once every `ms`: the first change after a quiet spell at once, then the latest one
 * each `ms` while changes keep coming. The history follows a catch-up of Stripe events without asking main to
 * re-read the log for every order that changed.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [passed, setPassed] = useState(value);
  const lastPassedAt = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, lastPassedAt.current + ms - Date.now());
    const timer = setTimeout(() => {
      lastPassedAt.current = Date.now();
      setPassed(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return passed;
}
