import { useEffect, useState } from 'react';
import type { Result, TillError } from '#shared/result';

export type QueryState<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: TillError };

/** Runs a window.till call when its dependencies change and keeps only the latest answer. */
export function useTillQuery<T>(call: () => Promise<Result<T>>, deps: readonly unknown[]): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    call().then(
      (result) => {
        if (!current) return;
        setState(result.ok ? { status: 'ready', value: result.value } : { status: 'error', error: result.error });
      },
      () => {
        if (current) setState({ status: 'error', error: { code: 'internal', message: 'Till did not answer.' } });
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what the call depends on
  }, deps);
  return state;
}
