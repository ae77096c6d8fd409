import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTillQuery } from '../use-till-query';
import { till } from '../staff/till';

/** Shown once in a shop's life: loaded only then, so the Checkout page's JavaScript does not carry it every day. */
const SetupPage = lazy(() => import('./SetupPage').then((module) => ({ default: module.SetupPage })));

/**
 * Both windows open here: until set-up is done only the set-up screen shows (and main answers nothing else either).
 * Once it is done the page starts afresh, so every part reads the shop that was just written.
 */
export function SetupGate({ children }: { children: ReactNode }) {
  const [checked, setChecked] = useState(0);
  const status = useTillQuery(() => till.setup.status(), [checked]);
  if (status.status === 'loading') return <p className="muted setup-loading">Starting Till…</p>;
  if (status.status === 'error') {
    return (
      <p role="alert" className="notice error setup-loading">
        {status.error.message}{' '}
        <button type="button" className="secondary" onClick={() => setChecked((n) => n + 1)}>
          Try again
        </button>
      </p>
    );
  }
  if (status.value.done) return children;
  return (
    <Suspense fallback={<p className="muted setup-loading">Starting Till…</p>}>
      <SetupPage demoAvailable={status.value.demoAvailable} onDone={() => window.location.reload()} />
    </Suspense>
  );
}
