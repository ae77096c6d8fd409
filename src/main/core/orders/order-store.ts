/**
 * Writes and reads whole orders. Every write is one synchronous better-sqlite3 transaction; nothing here awaits,
 * so no Stripe call can ever run inside a transaction. Creating or restoring an order writes its audit entry in
 * the same transaction.
 */
import type { CustomerInput, OrderStatus, Quote } from '#shared/contract';
import { createAuditLog, staffIdOf, type AuditActor } from '../db/audit-log';
import { joiningTransaction } from '../db/joining-transaction';
import type { Db } from '../db/open';
import { deriveStatus, disputeAdvances, paymentStateAdvances, type PaymentState } from './order-state';

export interface OrderRecord {
  id: string;
  number: number;
  status: OrderStatus;
  paymentState: PaymentState;
  currency: string;
  subtotal: number;
  taxTotal: number;
  taxes: Quote['taxes'];
  total: number;
  amountRefunded: number;
  customerName: string;
  customerPhone: string;
  customerEmail: string | null;
  note: string;
  paymentIntentId: string | null;
  disputeStatus: string | null;
  reviewReason: string | null;
  createdAt: number;
  updatedAt: number;
  paidAt: number | null;
  /** Who took the order (null for orders from before staff accounts, and those restored from Stripe). */
  staffName: string | null;
  lines: Quote['lines'];
}

interface OrderRow {
  id: string;
  number: number;
  status: string;
  payment_state: string;
  payment_state_at: number;
  dispute_status: string | null;
  currency: string;
  subtotal: number;
  tax_total: number;
  taxes: string;
  total: number;
  amount_refunded: number;
  customer_name: string;
  customer_phone: string;
  customer_email: string | null;
  note: string;
  payment_intent_id: string | null;
  review_reason: string | null;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
  staff_name: string | null;
}

/** What an order's status is derived from (orders/order-state.ts), read before each change to it. */
type Facts = Pick<OrderRow, 'payment_state' | 'payment_state_at' | 'total' | 'amount_refunded' | 'dispute_status'>;

interface LineRow {
  product_id: string | null;
  sku: string | null;
  description: string;
  quantity: number;
  unit_price: number;
  tax_class: string;
  subtotal: number;
  tax: number;
  total: number;
}

/** A phone number's digits, kept beside it so that the history finds a caller however the number was typed. */
const digitsOf = (phone: string) => phone.replace(/\D/g, '');

/** Order numbers are what a clerk reads to a caller: short, increasing, starting at 1001. */
const FIRST_ORDER_NUMBER = 1001;

export function createOrderStore(db: Db, now: () => number = Date.now) {
  const insertOrder = db.prepare(
    `INSERT INTO orders (id, number, status, payment_state, payment_state_at, currency, subtotal, tax_total, taxes,
                         total, customer_name, customer_phone, customer_phone_digits, customer_email, note, staff_id,
                         created_at, updated_at)
     VALUES (@id, (SELECT coalesce(max(number) + 1, ${FIRST_ORDER_NUMBER}) FROM orders), @status, @state, @stateAt,
             @currency, @subtotal, @taxTotal, @taxes, @total, @customerName, @customerPhone, @customerPhoneDigits,
             @customerEmail, @note, @staffId, @now, @now)
     RETURNING number, status, payment_state`,
  );
  const insertLine = db.prepare(
    `INSERT INTO order_lines (order_id, line_no, product_id, description, quantity, unit_price, tax_class, subtotal,
                              tax, total, sku)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The staff name through a subquery on staff's key, not a LEFT JOIN: the same row, for ≈15 µs instead of ≈70 µs
  // (measured in a scratch bench); a paid checkout reads its order back for its receipt.
  const selectOrder = db.prepare<[string], OrderRow>(
    'SELECT o.*, (SELECT s.name FROM staff s WHERE s.id = o.staff_id) AS staff_name FROM orders o WHERE o.id = ?',
  );
  const selectLines = db.prepare<[string], LineRow>(
    // The SKU the line was sold under (migration 7), not the product's today: past orders never change.
    `SELECT product_id, sku, description, quantity, unit_price, tax_class, subtotal, tax, total
       FROM order_lines WHERE order_id = ? ORDER BY line_no`,
  );
  const updatePayment = db.prepare(
    `UPDATE orders SET payment_state = @state, payment_state_at = @at, status = @status, updated_at = @now,
            paid_at = CASE WHEN @state = 'paid' AND paid_at IS NULL THEN @now ELSE paid_at END,
            review_reason = CASE WHEN @keepReason = 1 THEN review_reason ELSE @reviewReason END
      WHERE id = @id`,
  );
  const updateRefunded = db.prepare('UPDATE orders SET amount_refunded = ?, status = ?, updated_at = ? WHERE id = ?');
  const updateDispute = db.prepare(
    `UPDATE orders SET dispute_status = @disputeStatus, dispute_amount = coalesce(@amount, dispute_amount),
            dispute_reason = coalesce(@reason, dispute_reason), status = @status, updated_at = @now WHERE id = @id`,
  );
  const setReviewReason = db.prepare('UPDATE orders SET review_reason = ?, updated_at = ? WHERE id = ?');
  const selectFacts = db.prepare<[string], Facts>(
    'SELECT payment_state, payment_state_at, total, amount_refunded, dispute_status FROM orders WHERE id = ?',
  );
  // What a receipt shows that may change after the order is read (by Stripe's events, or the payment's own result):
  // read back by the transaction that writes a payment's result, instead of the whole order.
  const selectSincePaid = db.prepare<
    [string],
    { paidAt: number | null; amountRefunded: number; staffName: string | null }
  >(
    `SELECT paid_at AS paidAt, amount_refunded AS amountRefunded,
            (SELECT s.name FROM staff s WHERE s.id = o.staff_id) AS staffName
       FROM orders o WHERE o.id = ?`,
  );
  const selectByIntent = db.prepare<[string], { id: string }>('SELECT id FROM orders WHERE payment_intent_id = ?');

  /** The status the order shows once `change` is applied to the facts just read: written in the same statement. */
  const statusAfter = (facts: Facts, change: Partial<Parameters<typeof deriveStatus>[0]>) =>
    deriveStatus({
      paymentState: facts.payment_state as PaymentState,
      total: facts.total,
      amountRefunded: facts.amount_refunded,
      disputeStatus: facts.dispute_status,
      ...change,
    });
  const updateCustomer = db.prepare(
    `UPDATE orders SET customer_name = @customerName, customer_phone = @customerPhone,
            customer_phone_digits = @customerPhoneDigits, customer_email = @customerEmail, note = @note,
            updated_at = @now WHERE id = @id`,
  );
  const setIntent = db.prepare('UPDATE orders SET payment_intent_id = ?, updated_at = ? WHERE id = ?');
  const deleteLines = db.prepare('DELETE FROM order_lines WHERE order_id = ?');
  // Only an order no card has been charged on may change: the WHERE is the last guard should a caller forget.
  const updateTotals = db.prepare(
    `UPDATE orders SET subtotal = @subtotal, tax_total = @taxTotal, taxes = @taxes, total = @total, updated_at = @now
      WHERE id = @id AND payment_state IN ('open', 'failed', 'requires_action')`,
  );
  const insertLines = (id: string, quote: Quote) =>
    quote.lines.forEach((line, index) =>
      insertLine.run(
        id,
        index + 1,
        line.productId,
        line.description,
        line.quantity,
        line.unitPrice,
        line.taxClass,
        line.subtotal,
        line.tax,
        line.total,
        line.sku,
      ),
    );
  const audit = createAuditLog(db, now);
  // One transaction function for every call (better-sqlite3 builds four wrappers each time one is made).
  const inTransaction = db.transaction((work: () => unknown) => work());

  const createRows = joiningTransaction(
    db,
    (
      id: string,
      quote: Quote,
      customer: CustomerInput,
      note: string,
      actor: AuditActor,
      state: Extract<PaymentState, 'open' | 'processing'> = 'open',
    ): OrderRecord => {
      const at = now();
      const customerEmail = customer.email || null;
      const inserted = insertOrder.get({
        id,
        state,
        status: deriveStatus({ paymentState: state, total: quote.total, amountRefunded: 0, disputeStatus: null }),
        // An open order has observed nothing yet (the column's default); a processing one, this moment.
        stateAt: state === 'open' ? 0 : at,
        currency: quote.currency,
        subtotal: quote.subtotal,
        taxTotal: quote.taxTotal,
        taxes: JSON.stringify(quote.taxes),
        total: quote.total,
        customerName: customer.name,
        customerPhone: customer.phone,
        customerPhoneDigits: digitsOf(customer.phone),
        customerEmail,
        note,
        // Who took the order: the staff member signed in on the window that sent it.
        staffId: staffIdOf(actor),
        now: at,
      }) as Pick<OrderRow, 'number' | 'status' | 'payment_state'>;
      insertLines(id, quote);
      audit.record(actor, 'order.created', id, { total: quote.total, currency: quote.currency });
      // Exactly what was written (a checkout pays right after this; reading it all back would only cost time).
      return {
        id,
        number: inserted.number,
        status: inserted.status as OrderStatus,
        paymentState: inserted.payment_state as PaymentState,
        currency: quote.currency,
        subtotal: quote.subtotal,
        taxTotal: quote.taxTotal,
        taxes: quote.taxes,
        total: quote.total,
        amountRefunded: 0,
        customerName: customer.name,
        customerPhone: customer.phone,
        customerEmail,
        note,
        paymentIntentId: null,
        disputeStatus: null,
        reviewReason: null,
        createdAt: at,
        updatedAt: at,
        paidAt: null,
        staffName: typeof actor === 'object' ? (actor.staff?.name ?? null) : null,
        lines: quote.lines.map((line) => ({ ...line })),
      };
    },
  );

  const store = {
    /** Runs several writes as one; better-sqlite3 turns nested calls into savepoints. */
    transaction<T>(work: () => T): T {
      return inTransaction(work) as T;
    },

    /**
     * A new order, in `state`: 'open', or 'processing' when its first card is sent to Stripe right after this, with
     * its pending attempt written in the same transaction. The row is then what inserting it open and moving it to
     * processing would leave (the state observed now, its status derived from it), in one write instead of two.
     *
     * Alone, its rows (order, lines, audit entry) are one transaction. Inside a caller's transaction (checkout's and
     * pay-by-link's, which write the order's attempt or link with it) they are part of that one, and a failure rolls
     * all of it back as the caller lets it through (joining-transaction.ts).
     */
    create: createRows,

    /**
     * Re-creates an order that Stripe knows and the log does not (the PC stopped between the two). Its items are
     * unknown, so it carries one line for the whole amount and a reason for the owner to review it.
     */
    restore: db.transaction(
      (restored: {
        id: string;
        number: number | null;
        currency: string;
        amount: number;
        paymentIntentId: string;
        paymentState: PaymentState;
        createdAt: number;
        reason: string;
      }): OrderRecord => {
        const taken =
          restored.number !== null && db.prepare('SELECT 1 FROM orders WHERE number = ?').get(restored.number);
        const numberSql = restored.number !== null && !taken ? String(restored.number) : null;
        db.prepare(
          `INSERT INTO orders (id, number, status, currency, subtotal, tax_total, total, customer_name, note,
                               payment_intent_id, review_reason, created_at, updated_at)
           VALUES (@id, ${numberSql ?? `(SELECT coalesce(max(number) + 1, ${FIRST_ORDER_NUMBER}) FROM orders)`},
                   'open', @currency, @amount, 0, @amount, '', '', @pi, @reason, @createdAt, @now)`,
        ).run({
          id: restored.id,
          currency: restored.currency.toUpperCase(),
          amount: restored.amount,
          pi: restored.paymentIntentId,
          reason: restored.reason,
          createdAt: restored.createdAt,
          now: now(),
        });
        insertLine.run(
          restored.id,
          1,
          null,
          `Restored from Stripe payment ${restored.paymentIntentId}`,
          1,
          restored.amount,
          'zero_rated',
          restored.amount,
          0,
          restored.amount,
          null,
        );
        store.advancePayment(restored.id, restored.paymentState, now(), restored.reason);
        audit.record('system', 'order.restored_from_stripe', restored.id, {
          paymentIntentId: restored.paymentIntentId,
        });
        return store.get(restored.id)!;
      },
    ),

    get(id: string): OrderRecord | undefined {
      const row = selectOrder.get(id);
      if (!row) return undefined;
      return {
        id: row.id,
        number: row.number,
        status: row.status as OrderStatus,
        paymentState: row.payment_state as PaymentState,
        currency: row.currency,
        subtotal: row.subtotal,
        taxTotal: row.tax_total,
        taxes: JSON.parse(row.taxes) as Quote['taxes'],
        total: row.total,
        amountRefunded: row.amount_refunded,
        customerName: row.customer_name,
        customerPhone: row.customer_phone,
        customerEmail: row.customer_email,
        note: row.note,
        paymentIntentId: row.payment_intent_id,
        disputeStatus: row.dispute_status,
        reviewReason: row.review_reason,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        paidAt: row.paid_at,
        staffName: row.staff_name,
        lines: selectLines.all(id).map((line) => ({
          productId: line.product_id,
          sku: line.sku,
          description: line.description,
          quantity: line.quantity,
          unitPrice: line.unit_price,
          taxClass: line.tax_class as Quote['lines'][number]['taxClass'],
          subtotal: line.subtotal,
          tax: line.tax,
          total: line.total,
        })),
      };
    },

    /** When it was paid, what was refunded and who took it, as the log says now (see selectSincePaid). */
    sincePaid(id: string): Pick<OrderRecord, 'paidAt' | 'amountRefunded' | 'staffName'> | undefined {
      return selectSincePaid.get(id);
    },

    /**
     * Moves the payment forward to `state`, observed at `at` (ms; Stripe event times are seconds × 1000).
     * Returns the state it moved from, or null, changing nothing, when the order already knows something later or
     * more final.
     */
    advancePayment(
      id: string,
      state: PaymentState,
      at: number = now(),
      reviewReason?: string | null,
    ): { from: PaymentState } | null {
      const facts = selectFacts.get(id);
      if (!facts) return null;
      const from = facts.payment_state as PaymentState;
      if (!paymentStateAdvances(from, facts.payment_state_at, state, at)) return null;
      const keepReason = reviewReason === undefined;
      updatePayment.run({
        id,
        state,
        at,
        status: statusAfter(facts, { paymentState: state }),
        reviewReason: reviewReason ?? null,
        keepReason: keepReason ? 1 : 0,
        now: now(),
      });
      return { from };
    },

    /**
     * Sets the refunded amount. `onlyUp` is for reports that may be stale (a charge's running total), which can
     * raise the amount but never lower it; the sum of known refunds is exact and may lower it (a failed refund).
     */
    setAmountRefunded(id: string, amountRefunded: number, { onlyUp }: { onlyUp: boolean }): boolean {
      const facts = selectFacts.get(id);
      if (!facts || amountRefunded === facts.amount_refunded) return false;
      if (onlyUp && amountRefunded < facts.amount_refunded) return false;
      updateRefunded.run(amountRefunded, statusAfter(facts, { amountRefunded }), now(), id);
      return true;
    },

    recordDispute(id: string, dispute: { status: string; amount?: number; reason?: string }): boolean {
      const facts = selectFacts.get(id);
      if (!facts || !disputeAdvances(facts.dispute_status, dispute.status)) return false;
      updateDispute.run({
        id,
        disputeStatus: dispute.status,
        amount: dispute.amount ?? null,
        reason: dispute.reason ?? null,
        status: statusAfter(facts, { disputeStatus: dispute.status }),
        now: now(),
      });
      return true;
    },

    /** Marks the order for the owner's attention (or clears the mark with null), whatever its state. */
    flagForReview(id: string, reason: string | null): void {
      setReviewReason.run(reason, now(), id);
    },

    idForPaymentIntent(paymentIntentId: string): string | undefined {
      return selectByIntent.get(paymentIntentId)?.id;
    },

    setCustomer(id: string, customer: CustomerInput, note: string): void {
      updateCustomer.run({
        id,
        customerName: customer.name,
        customerPhone: customer.phone,
        customerPhoneDigits: digitsOf(customer.phone),
        customerEmail: customer.email || null,
        note,
        now: now(),
      });
    },

    /**
     * The clerk changed the cart after a card was declined: the order takes the new lines and totals (same number,
     * same PaymentIntent). Refused, writing nothing, once the order is paid, being paid or canceled.
     */
    replaceItems: db.transaction((id: string, quote: Quote, actor: AuditActor): boolean => {
      const before = selectFacts.get(id);
      const changed = updateTotals.run({
        id,
        subtotal: quote.subtotal,
        taxTotal: quote.taxTotal,
        taxes: JSON.stringify(quote.taxes),
        total: quote.total,
        now: now(),
      }).changes;
      if (changed === 0) return false;
      deleteLines.run(id);
      insertLines(id, quote);
      audit.record(actor, 'order.items_changed', id, { from: before?.total, total: quote.total });
      return true;
    }),

    setPaymentIntent(id: string, paymentIntentId: string): void {
      setIntent.run(paymentIntentId, now(), id);
    },
  };
  return store;
}
export type OrderStore = ReturnType<typeof createOrderStore>;
