import type { ReactNode } from 'react';
import { useAppInfo } from '../app-info';
import { EventHealth } from './EventHealth';

/** The frame of both windows: the training banner, a header, the page, and the status bar. */
export function Shell({
  title,
  actions,
  children,
  eventHealth = true,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  /** The set-up screen has no event source to show yet (main answers nothing but set-up before it is done). */
  eventHealth?: boolean;
}) {
  const info = useAppInfo();
  const mode = info.status === 'ready' ? info.value.mode : null;
  return (
    <div className="shell">
      {mode === 'training' && (
        <div className="training-banner" role="status">
          Training mode — payments go to Till's built-in Stripe simulator. No real money moves.
        </div>
      )}
      {mode === 'test' && (
        <div className="test-banner" role="status">
          Stripe test mode — use Stripe's test cards. No real money moves.
        </div>
      )}
      <header className="shell-header">
        <div>
          <span className="shop-name">{info.status === 'ready' ? info.value.shopName : 'Till'}</span>
          <h1>{title}</h1>
        </div>
        <div className="shell-actions">{actions}</div>
      </header>
      <main className="shell-main">{children}</main>
      <footer className="status-bar">
        {info.status === 'ready' && (
          <>
            <span>Till {info.value.version}</span>
            <span data-testid="mode">Mode: {info.value.mode}</span>
            <span title={info.value.dataDir}>Order log: {info.value.dataDir}</span>
            {eventHealth && <EventHealth />}
          </>
        )}
        {info.status === 'error' && <span className="error-text">{info.error.message}</span>}
      </footer>
    </div>
  );
}
