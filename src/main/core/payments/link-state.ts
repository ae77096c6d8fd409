/**
 * A payment link as people see it. The row's status is what Till and Stripe said; a link whose time ran out is
 * expired even before Stripe's `checkout.session.expired` arrives (Stripe sends it within minutes, not at once),
 * because its page no longer takes a card.
 */
import type { OrderLink } from '#shared/contract';
import type { Db } from '../db/open';
import type { LinkStatus } from './link-store';

export function linkState(status: LinkStatus, expiresAt: number, now: number): OrderLink['state'] {
  switch (status) {
    case 'creating':
    case 'unknown':
      return 'making';
    case 'open':
      return expiresAt <= now ? 'expired' : 'waiting';
    case 'complete':
      return 'paid';
    default:
      return status;
  }
}

interface LatestLinkRow {
  link_no: number;
  status: LinkStatus;
  url: string | null;
  amount: number;
  currency: string;
  expires_at: number;
}

/** An order's latest link, read straight from the log: the history shows it without Stripe, offline too. */
export function createLinkQueries(db: Db, now: () => number = Date.now) {
  const latest = db.prepare<[string], LatestLinkRow>(
    `SELECT link_no, status, url, amount, currency, expires_at
       FROM payment_links WHERE order_id = ? ORDER BY link_no DESC LIMIT 1`,
  );
  return {
    latest(orderId: string): OrderLink | null {
      const row = latest.get(orderId);
      if (!row) return null;
      const state = linkState(row.status, row.expires_at, now());
      return {
        linkNo: row.link_no,
        state,
        url: state === 'waiting' ? row.url : null,
        amount: row.amount,
        currency: row.currency,
        expiresAt: row.expires_at,
      };
    },
  };
}
export type LinkQueries = ReturnType<typeof createLinkQueries>;
