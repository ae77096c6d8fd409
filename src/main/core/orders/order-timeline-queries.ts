/**
 * One order's story for the owner, oldest first: what Till wrote (the order, every card tried and its outcome,
 * every payment link sent and where it ended, refunds) and every event Stripe sent about it. Both sides are shown so that the owner can see that they agree —
 * and where they do not, which one spoke last.
 */
import type { Db } from '../db/open';
import type { OrderLink, TimelineEntry } from '#shared/contract';
import type { LinkStatus } from '../payments/link-store';
import { linkState } from '../payments/link-state';
import { cardBrandName } from '#shared/card-brand';
import { formatMoney } from '#shared/money';
import { refundReasonLabel } from '#shared/refund-reasons';

interface AuditRow {
  at: number;
  actor: string;
  /** The staff member's name when a person acted. */
  name: string | null;
  action: string;
}
interface LinkRow {
  link_no: number;
  status: LinkStatus;
  amount: number;
  currency: string;
  expires_at: number;
  error_message: string | null;
  staff_name: string | null;
  created_at: number;
}
interface AttemptRow {
  attempt_no: number;
  status: string;
  amount: number;
  currency: string;
  decline_code: string | null;
  error_code: string | null;
  error_message: string | null;
  card_brand: string | null;
  card_last4: string | null;
  created_at: number;
}
interface RefundRow {
  amount: number;
  currency: string;
  status: string;
  reason: string;
  note: string;
  error_message: string | null;
  staff_name: string | null;
  created_at: number;
}
interface EventRow {
  id: string;
  type: string;
  created: number;
  source: string;
  payload: string;
}

/** Audit entries that the attempts, links, refunds and Stripe's events already tell in more detail. */
const TOLD_ELSEWHERE = /^(payment\.|dispute\.|refund\.|link\.)/;

const AUDIT_TITLES: Record<string, string> = {
  'order.created': 'Order created',
  'order.canceled': 'Order canceled',
  'order.items_changed': 'Items changed after a declined card',
  'order.restored_from_stripe': 'Restored from Stripe: Till had no record of this payment (the PC stopped mid-payment)',
};

const ATTEMPT_OUTCOMES: Record<string, string> = {
  pending: 'sent to Stripe, no answer recorded',
  requires_action: 'waiting for the bank check (3D Secure)',
  succeeded: 'paid',
  failed: 'declined',
  unknown: 'no answer from Stripe; Till checks with Stripe',
  canceled: 'canceled',
};

const EVENT_TITLES: Record<string, string> = {
  'payment_intent.succeeded': 'Stripe: payment succeeded',
  'payment_intent.payment_failed': 'Stripe: payment failed',
  'payment_intent.canceled': 'Stripe: payment canceled',
  'payment_intent.requires_action': 'Stripe: bank check (3D Secure) requested',
  'payment_intent.processing': 'Stripe: payment processing',
  'charge.refunded': 'Stripe: charge refunded',
  'refund.created': 'Stripe: refund created',
  'refund.updated': 'Stripe: refund updated',
  'refund.failed': 'Stripe: refund failed',
  'charge.dispute.created': 'Stripe: dispute opened',
  'charge.dispute.updated': 'Stripe: dispute updated',
  'charge.dispute.closed': 'Stripe: dispute closed',
  'charge.dispute.funds_withdrawn': 'Stripe: disputed funds withdrawn',
  'charge.dispute.funds_reinstated': 'Stripe: disputed funds reinstated',
  'checkout.session.completed': 'Stripe: payment link paid',
  'checkout.session.expired': 'Stripe: payment link closed',
};

const LINK_OUTCOMES: Record<OrderLink['state'], string> = {
  making: 'sent to Stripe, no answer recorded; Till checks with Stripe',
  waiting: 'waiting for the customer',
  expired: 'expired, not paid',
  paid: 'paid by the customer',
  canceled: 'taken back',
  failed: 'not made',
};

const SOURCES: Record<string, string> = {
  events_api: 'Events API',
  stripe_cli: 'Stripe CLI',
  reconcile: 'reconciliation',
};

const REFUND_OUTCOMES: Record<string, string> = {
  unknown: 'sent to Stripe, no answer yet; Till checks with Stripe',
};

const words = (code: string) => code.replaceAll('_', ' ');

/** Who did it, in words: a staff member by name, Till on its own, or Stripe. */
function byWhom(row: AuditRow): string {
  if (row.name) return `by ${row.name}`;
  if (row.actor === 'system') return 'by Till';
  if (row.actor === 'stripe') return 'reported by Stripe';
  return `by ${row.actor}`;
}

function linkEntry(row: LinkRow, now: number): TimelineEntry {
  const state = linkState(row.status, row.expires_at, now);
  const minutes = Math.round((row.expires_at - row.created_at) / 60_000);
  const detail = [
    row.staff_name && `sent by ${row.staff_name}`,
    `open for ${minutes} minutes`,
    state === 'failed' ? row.error_message : null,
  ];
  return {
    at: row.created_at,
    source: 'till',
    title: `Payment link ${row.link_no} for ${formatMoney(row.amount, row.currency)}: ${LINK_OUTCOMES[state]}`,
    detail: detail.filter(Boolean).join(' · '),
  };
}

function refundEntry(row: RefundRow): TimelineEntry {
  // Refunds given in Till carry who gave them; those made in Stripe's Dashboard do not.
  const by = row.staff_name ? ` by ${row.staff_name}` : '';
  const detail = [row.reason && refundReasonLabel(row.reason), row.note && `“${row.note}”`, row.error_message]
    .filter(Boolean)
    .join(' · ');
  return {
    at: row.created_at,
    source: 'till',
    title: `Refund of ${formatMoney(row.amount, row.currency)}${by}: ${REFUND_OUTCOMES[row.status] ?? words(row.status)}`,
    detail: detail || null,
  };
}

function attemptEntry(row: AttemptRow): TimelineEntry {
  const card = row.card_brand && row.card_last4 ? ` · ${cardBrandName(row.card_brand)} •••• ${row.card_last4}` : '';
  const reason = row.decline_code ?? row.error_code;
  const outcome = ATTEMPT_OUTCOMES[row.status] ?? row.status;
  return {
    at: row.created_at,
    source: 'till',
    title: `Card tried (attempt ${row.attempt_no}): ${outcome}${reason ? ` — ${words(reason)}` : ''}`,
    detail: `${formatMoney(row.amount, row.currency)}${card}${row.error_message ? ` · ${row.error_message}` : ''}`,
  };
}

/** What an event's object says that the owner wants to read: an amount, a status, a reason. */
function eventDetail(row: EventRow): string {
  const object = (JSON.parse(row.payload) as { data?: { object?: Record<string, unknown> } }).data?.object ?? {};
  const parts: string[] = [];
  const currency = typeof object.currency === 'string' ? object.currency.toUpperCase() : null;
  if (row.type.startsWith('refund.') || row.type.startsWith('charge.dispute.')) {
    if (typeof object.amount === 'number' && currency) parts.push(formatMoney(object.amount, currency));
    if (typeof object.status === 'string') parts.push(words(object.status));
    if (typeof object.reason === 'string' && object.reason) parts.push(words(object.reason));
  } else if (row.type === 'charge.refunded' && typeof object.amount_refunded === 'number' && currency) {
    parts.push(`${formatMoney(object.amount_refunded, currency)} refunded in all`);
  }
  parts.push(`${row.id} via ${SOURCES[row.source] ?? row.source}`);
  return parts.join(' · ');
}

export function createOrderTimelineQueries(db: Db, now: () => number = Date.now) {
  const audit = db.prepare<[string], AuditRow>(
    `SELECT a.at, a.actor, s.name, a.action
       FROM audit_log a LEFT JOIN staff s ON s.id = a.actor
      WHERE a.order_id = ? ORDER BY a.id`,
  );
  const links = db.prepare<[string], LinkRow>(
    `SELECT l.link_no, l.status, l.amount, l.currency, l.expires_at, l.error_message, s.name AS staff_name,
            l.created_at
       FROM payment_links l LEFT JOIN staff s ON s.id = l.staff_id
      WHERE l.order_id = ? ORDER BY l.link_no`,
  );
  const attempts = db.prepare<[string], AttemptRow>(
    `SELECT attempt_no, status, amount, currency, decline_code, error_code, error_message, card_brand, card_last4,
            created_at
       FROM payment_attempts WHERE order_id = ? ORDER BY attempt_no`,
  );
  const refunds = db.prepare<[string], RefundRow>(
    `SELECT r.amount, r.currency, r.status, r.reason, r.note, r.error_message, s.name AS staff_name, r.created_at
       FROM refunds r LEFT JOIN staff s ON s.id = r.staff_id
      WHERE r.order_id = ? ORDER BY r.created_at`,
  );
  const events = db.prepare<[string], EventRow>(
    'SELECT id, type, created, source, payload FROM stripe_events WHERE order_id = ? ORDER BY created, rowid',
  );

  return {
    of(orderId: string): TimelineEntry[] {
      const entries: TimelineEntry[] = [
        ...audit
          .all(orderId)
          .filter((row) => !TOLD_ELSEWHERE.test(row.action))
          .map((row): TimelineEntry => ({
            at: row.at,
            source: 'till',
            title: AUDIT_TITLES[row.action] ?? words(row.action),
            detail: byWhom(row),
          })),
        ...attempts.all(orderId).map(attemptEntry),
        ...links.all(orderId).map((row) => linkEntry(row, now())),
        ...refunds.all(orderId).map(refundEntry),
        ...events.all(orderId).map((row): TimelineEntry => ({
          at: row.created * 1000,
          source: 'stripe',
          title: EVENT_TITLES[row.type] ?? `Stripe: ${row.type}`,
          detail: eventDetail(row),
        })),
      ];
      // Stripe stamps events in whole seconds, after what they report: within one second, Till's records come first.
      const second = (entry: TimelineEntry) => Math.floor(entry.at / 1000);
      return entries.sort(
        (a, b) => second(a) - second(b) || Number(a.source === 'stripe') - Number(b.source === 'stripe') || a.at - b.at,
      );
    },
  };
}
export type OrderTimelineQueries = ReturnType<typeof createOrderTimelineQueries>;
