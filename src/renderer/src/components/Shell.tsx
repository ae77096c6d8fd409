import type { ReactNode } from 'react';
import { useAppInfo } from '../app-info';
import { SignedInBadge } from '../staff/SignedInBadge';
import { EventHealth } from './EventHealth';

/** The last part of a path, whichever separator the PC uses. */
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The frame of both windows: the mode banner (training, test or LIVE, with the Stripe account), a header, the page, and the status bar. */
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
  const account = info.status === 'ready' ? info.value.accountName : null;
  return (
    <div className="shell">
      {mode === 'training' && (
        <div className="training-banner" role="status">
          Training mode — payments go to Till's built-in Stripe simulator. No real money moves.
        </div>
      )}
      {mode === 'test' && (
        <div className="test-banner" role="status">
          Test mode — Stripe account “{account}”. Use Stripe's test cards. No real money moves.
        </div>
      )}
      {mode === 'live' && (
        <div className="live-banner" role="status">
          LIVE — Stripe account “{account}”. Real cards, real money.
        </div>
      )}
      <header className="shell-header">
        <div>
          <span className="shop-name">{info.status === 'ready' ? info.value.shopName : 'Till'}</span>
          <h1>{title}</h1>
        </div>
        <div className="shell-actions">
          {actions}
          <SignedInBadge />
        </div>
      </header>
      <main className="shell-main">{children}</main>
      <footer className="status-bar">
        {info.status === 'ready' && (
          <>
            <span>Till {info.value.version}</span>
            <span data-testid="mode">Mode: {info.value.mode}</span>
            <span title={info.value.orderLog} data-testid="order-log">
              Order log: {fileName(info.value.orderLog)} in {info.value.dataDir}
            </span>
            {eventHealth && <EventHealth />}
          </>
        )}
        {info.status === 'error' && <span className="error-text">{info.error.message}</span>}
      </footer>
    </div>
  );
}
