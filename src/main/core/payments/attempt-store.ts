/**
 * Payment attempts: one row per try at charging an order, written BEFORE Stripe is called (with the idempotency
 * key and the exact request), and completed after. A crash between the two leaves a 'pending' row whose request
 * can be sent again with the same key — Stripe then answers with the first result instead of charging again.
 */
import { timeOrderedId } from '#shared/time-ordered-id';
import type { Db } from '../db/open';

export type AttemptStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'unknown' | 'canceled';

export interface AttemptRequest {
  /** 'create' makes and confirms the order's PaymentIntent; 'confirm' confirms the existing one again. */
  kind: 'create' | 'confirm';
  paymentIntentId: string | null;
  params: Record<string, unknown>;
  /**
   * For 'confirm': the order's total, set as the PaymentIntent's amount (under the attempt's own key) before it is
   * confirmed, so a cart changed after a decline is charged what the order now says, also when resent.
   */
  amount?: number;
}

export interface Attempt {
  id: string;
  orderId: string;
  attemptNo: number;
  idempotencyKey: string;
  amount: number;
  currency: string;
  status: AttemptStatus;
  paymentIntentId: string | null;
  request: AttemptRequest;
  createdAt: number;
}

export interface AttemptResult {
  status: AttemptStatus;
  paymentIntentId?: string | null;
  errorCode?: string | null;
  declineCode?: string | null;
  errorMessage?: string | null;
  cardBrand?: string | null;
  cardLast4?: string | null;
}

interface AttemptRow {
  id: string;
  order_id: string;
  attempt_no: number;
  idempotency_key: string;
  amount: number;
  currency: string;
  status: string;
  payment_intent_id: string | null;
  request: string;
  created_at: number;
}

const toAttempt = (row: AttemptRow): Attempt => ({
  id: row.id,
  orderId: row.order_id,
  attemptNo: row.attempt_no,
  idempotencyKey: row.idempotency_key,
  amount: row.amount,
  currency: row.currency,
  status: row.status as AttemptStatus,
  paymentIntentId: row.payment_intent_id,
  request: JSON.parse(row.request) as AttemptRequest,
  createdAt: row.created_at,
});

export function createAttemptStore(db: Db, now: () => number = Date.now) {
  const insert = db.prepare(
    `INSERT INTO payment_attempts (id, order_id, attempt_no, idempotency_key, amount, currency, status,
                                   payment_intent_id, request, staff_id, created_at, updated_at)
     VALUES (@id, @orderId, @attemptNo, @key, @amount, @currency, 'pending', @paymentIntentId, @request, @staffId,
             @now, @now)`,
  );
  // "The latest attempt" is written without ORDER BY or max() over `order_id = ?` on purpose: SQLite marks such
  // statements to be planned again whenever that parameter is rebound, and better-sqlite3 clears the bindings after
  // every run, so each run would re-prepare the statement (≈20 µs, measured with a uprobe on sqlite3Reprepare).
  // Reaching the attempts through the order row, or asking that no later attempt exists, keeps one plan.
  const nextNo = db.prepare<[string], number>(
    `SELECT coalesce((SELECT max(a.attempt_no) FROM payment_attempts a WHERE a.order_id = o.id), 0) + 1
       FROM orders o WHERE o.id = ?`,
  );
  const LATEST = `NOT EXISTS (SELECT 1 FROM payment_attempts later
                               WHERE later.order_id = payment_attempts.order_id
                                 AND later.attempt_no > payment_attempts.attempt_no)`;
  const latest = db.prepare<[string], AttemptRow>(`SELECT * FROM payment_attempts WHERE order_id = ? AND ${LATEST}`);
  const finish = db.prepare(
    `UPDATE payment_attempts
        SET status = @status, payment_intent_id = coalesce(@paymentIntentId, payment_intent_id),
            error_code = @errorCode, decline_code = @declineCode, error_message = @errorMessage,
            card_brand = coalesce(@cardBrand, card_brand), card_last4 = coalesce(@cardLast4, card_last4),
            updated_at = @now
      WHERE id = @id`,
  );
  const settleWaiting = db.prepare(
    `UPDATE payment_attempts
        SET status = @status, payment_intent_id = @paymentIntentId, error_code = @errorCode,
            decline_code = @declineCode, error_message = @errorMessage, updated_at = @now
      WHERE order_id = @orderId
        AND ${LATEST}
        AND status IN ('pending', 'unknown', 'requires_action')
        AND (payment_intent_id IS NULL OR payment_intent_id = @paymentIntentId)`,
  );
  const lastCard = db.prepare<[string], { card_brand: string; card_last4: string }>(
    `SELECT card_brand, card_last4 FROM payment_attempts
      WHERE order_id = ? AND card_last4 IS NOT NULL ORDER BY (status = 'succeeded') DESC, attempt_no DESC LIMIT 1`,
  );
  const unsettled = db.prepare<[], AttemptRow>(
    "SELECT * FROM payment_attempts WHERE status IN ('pending', 'unknown') ORDER BY created_at",
  );

  return {
    /** Records a new attempt; its key is derived from the order and attempt number, so it is stable forever. */
    /** `staffId`: who pressed Pay (null for attempts not made by a person at the till). */
    begin(
      orderId: string,
      amount: number,
      currency: string,
      request: AttemptRequest,
      staffId: string | null = null,
    ): Attempt {
      const attemptNo = nextNo.pluck().get(orderId) as number;
      const attempt: Attempt = {
        id: timeOrderedId(),
        orderId,
        attemptNo,
        idempotencyKey: `till-${orderId}-${attemptNo}`,
        amount,
        currency,
        status: 'pending',
        paymentIntentId: request.paymentIntentId,
        request,
        createdAt: now(),
      };
      insert.run({
        id: attempt.id,
        orderId,
        attemptNo,
        key: attempt.idempotencyKey,
        amount,
        currency,
        paymentIntentId: request.paymentIntentId,
        request: JSON.stringify(request),
        staffId,
        now: attempt.createdAt,
      });
      return attempt;
    },
    finish(id: string, result: AttemptResult): void {
      finish.run({
        id,
        status: result.status,
        paymentIntentId: result.paymentIntentId ?? null,
        errorCode: result.errorCode ?? null,
        declineCode: result.declineCode ?? null,
        errorMessage: result.errorMessage ?? null,
        cardBrand: result.cardBrand ?? null,
        cardLast4: result.cardLast4 ?? null,
        now: now(),
      });
    },
    /**
     * Settles the order's latest attempt with Stripe's final word on `paymentIntentId`, if that attempt is still
     * waiting for it (pending, unknown or in 3D Secure) and is about that PaymentIntent. One statement: events call
     * this for every payment outcome.
     */
    settleWaiting(
      orderId: string,
      paymentIntentId: string,
      result: Pick<AttemptResult, 'errorCode' | 'declineCode' | 'errorMessage'> & { status: 'succeeded' | 'failed' },
    ): boolean {
      return (
        settleWaiting.run({
          orderId,
          paymentIntentId,
          status: result.status,
          errorCode: result.errorCode ?? null,
          declineCode: result.declineCode ?? null,
          errorMessage: result.errorMessage ?? null,
          now: now(),
        }).changes > 0
      );
    },
    latest(orderId: string): Attempt | undefined {
      const row = latest.get(orderId);
      return row ? toAttempt(row) : undefined;
    },
    card(orderId: string): { brand: string; last4: string } | null {
      const row = lastCard.get(orderId);
      return row ? { brand: row.card_brand, last4: row.card_last4 } : null;
    },
    unsettled(): Attempt[] {
      return unsettled.all().map(toAttempt);
    },
  };
}
export type AttemptStore = ReturnType<typeof createAttemptStore>;
