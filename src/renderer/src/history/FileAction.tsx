import { useState } from 'react';
import type { Result } from '#shared/result';

interface Props<T> {
  label: string;
  busyLabel: string;
  run(): Promise<Result<T>>;
  /** What to tell the owner once it worked; null to say nothing (they canceled the save dialog). */
  describe(value: T): string | null;
}

/** A button that makes main write a file, then says where it went, or why it could not. */
export function FileAction<T>({ label, busyLabel, run, describe }: Props<T>) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({
    busy: false,
    message: null,
    error: false,
  });
  async function click() {
    setState({ busy: true, message: null, error: false });
    const result = await run();
    setState(
      result.ok
        ? { busy: false, message: describe(result.value), error: false }
        : { busy: false, message: result.error.message, error: true },
    );
  }
  return (
    <div className="file-action">
      <button type="button" className="secondary" disabled={state.busy} onClick={() => void click()}>
        {state.busy ? busyLabel : label}
      </button>
      {state.message && (
        <span role={state.error ? 'alert' : 'status'} className={state.error ? 'error-text' : 'muted small'}>
          {state.message}
        </span>
      )}
    </div>
  );
}
