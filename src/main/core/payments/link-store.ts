/**
 * Payment links (migration 0010): one row per Checkout Session sent for an order, written before Stripe is called
 * and completed after, as attempt-store.ts does for keyed cards.
 */
import { timeOrderedId } from '#shared/time-ordered-id';
import type { Db } from '../db/open';

export type LinkStatus = 'creating' | 'open' | 'complete' | 'expired' | 'canceled' | 'failed' | 'unknown';

export interface PaymentLink {
  id: string;
  orderId: string;
  linkNo: number;
  idempotencyKey: string;
  status: LinkStatus;
  sessionId: string | null;
  url: string | null;
  amount: number;
  currency: string;
  expiresAt: number;
  request: Record<string, unknown>;
  errorMessage: string | null;
  createdAt: number;
}

interface LinkRow {
  id: string;
  order_id: string;
  link_no: number;
  idempotency_key: string;
  status: LinkStatus;
  session_id: string | null;
  url: string | null;
  amount: number;
  currency: string;
  expires_at: number;
  request: string;
  error_message: string | null;
  created_at: number;
}

const toLink = (row: LinkRow): PaymentLink => ({
  id: row.id,
  orderId: row.order_id,
  linkNo: row.link_no,
  idempotencyKey: row.idempotency_key,
  status: row.status,
  sessionId: row.session_id,
  url: row.url,
  amount: row.amount,
  currency: row.currency,
  expiresAt: row.expires_at,
  request: JSON.parse(row.request) as Record<string, unknown>,
  errorMessage: row.error_message,
  createdAt: row.created_at,
});

/** Links still in play: being made, made but unanswered, or open for the customer. */
export const LIVE_LINK: readonly LinkStatus[] = ['creating', 'unknown', 'open'];

export function createLinkStore(db: Db, now: () => number = Date.now) {
  const nextNo = db
    .prepare<[string], number>('SELECT coalesce(max(link_no), 0) + 1 FROM payment_links WHERE order_id = ?')
    .pluck();
  const insert = db.prepare(
    `INSERT INTO payment_links (id, order_id, link_no, idempotency_key, status, amount, currency, expires_at, request,
                                staff_id, created_at, updated_at)
     VALUES (@id, @orderId, @linkNo, @key, 'creating', @amount, @currency, @expiresAt, @request, @staffId, @now, @now)`,
  );
  // Asked on every card payment (pay-by-link's close, before a card is charged). Written as "no later link exists"
  // rather than ORDER BY … LIMIT 1 over `order_id = ?`: SQLite plans such a statement again each time that parameter
  // is rebound, as attempt-store.ts explains, and that re-planning was most of a payment's cost here.
  const latest = db.prepare<[string], LinkRow>(
    `SELECT * FROM payment_links WHERE order_id = ?
        AND NOT EXISTS (SELECT 1 FROM payment_links later
                         WHERE later.order_id = payment_links.order_id AND later.link_no > payment_links.link_no)`,
  );
  const bySession = db.prepare<[string], LinkRow>('SELECT * FROM payment_links WHERE session_id = ?');
  const byId = db.prepare<[string], LinkRow>('SELECT * FROM payment_links WHERE id = ?');
  const unsettled = db.prepare<[], LinkRow>(
    "SELECT * FROM payment_links WHERE status IN ('creating', 'unknown', 'open') ORDER BY created_at",
  );
  const opened = db.prepare(
    `UPDATE payment_links SET status = 'open', session_id = @sessionId, url = @url, expires_at = @expiresAt,
            error_message = NULL, updated_at = @now
      WHERE id = @id AND status IN ('creating', 'unknown')`,
  );
  const restored = db.prepare(
    `INSERT INTO payment_links (id, order_id, link_no, idempotency_key, status, session_id, url, amount, currency,
                                expires_at, request, created_at, updated_at)
     VALUES (@id, @orderId, @linkNo, @key, @status, @sessionId, @url, @amount, @currency, @expiresAt, '{}', @createdAt,
             @now)`,
  );
  // A link only moves forward: an answer or event that arrives late cannot reopen a settled link.
  const settle = db.prepare(
    `UPDATE payment_links SET status = @status, error_message = coalesce(@message, error_message), updated_at = @now
      WHERE id = @id AND status IN (${LIVE_LINK.map((s) => `'${s}'`).join(', ')})`,
  );

  return {
    begin(
      orderId: string,
      amount: number,
      currency: string,
      expiresAt: number,
      params: Record<string, unknown>,
      staffId: string | null,
    ): PaymentLink {
      const linkNo = nextNo.get(orderId)!;
      const id = timeOrderedId();
      insert.run({
        id,
        orderId,
        linkNo,
        key: `till-link-${orderId}-${linkNo}`,
        amount,
        currency,
        expiresAt,
        request: JSON.stringify(params),
        staffId,
        now: now(),
      });
      return toLink(byId.get(id)!);
    },
    latest(orderId: string): PaymentLink | null {
      const row = latest.get(orderId);
      return row ? toLink(row) : null;
    },
    bySession(sessionId: string): PaymentLink | null {
      const row = bySession.get(sessionId);
      return row ? toLink(row) : null;
    },
    unsettled: (): PaymentLink[] => unsettled.all().map(toLink),
    /**
     * A session Stripe has for the order that the log lost (a backup restored from before it was sent): written back
     * as Stripe has it. Its key is not the one it was made with (that is gone with the row), so it is never resent.
     */
    restore(
      orderId: string,
      session: {
        id: string;
        url: string | null;
        amount: number;
        currency: string;
        expiresAt: number;
        createdAt: number;
      },
      status: 'open' | 'complete' | 'expired',
    ): PaymentLink {
      const id = timeOrderedId();
      restored.run({
        id,
        orderId,
        linkNo: nextNo.get(orderId)!,
        key: `till-link-restored-${session.id}`,
        status,
        sessionId: session.id,
        url: session.url,
        amount: session.amount,
        currency: session.currency,
        expiresAt: session.expiresAt,
        createdAt: session.createdAt,
        now: now(),
      });
      return toLink(byId.get(id)!);
    },
    opened(id: string, session: { id: string; url: string; expiresAt: number }): boolean {
      return (
        opened.run({ id, sessionId: session.id, url: session.url, expiresAt: session.expiresAt, now: now() }).changes >
        0
      );
    },
    settle(id: string, status: Exclude<LinkStatus, 'creating' | 'open'>, message: string | null = null): boolean {
      return settle.run({ id, status, message, now: now() }).changes > 0;
    },
  };
}
export type LinkStore = ReturnType<typeof createLinkStore>;
