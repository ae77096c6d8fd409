/**
 * Writes and reads whole orders. Every write is one synchronous better-sqlite3 transaction; nothing here awaits,
 * so no Stripe call can ever run inside a transaction.
 */
import type { CustomerInput, OrderStatus, Quote } from '../../../shared/contract';
import type { Db } from '../db/open';

export interface OrderRecord {
  id: string;
  number: number;
  status: OrderStatus;
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
  reviewReason: string | null;
  createdAt: number;
  updatedAt: number;
  paidAt: number | null;
  lines: Quote['lines'];
}

interface OrderRow {
  id: string;
  number: number;
  status: string;
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
}

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

/** Order numbers are what a clerk reads to a caller: short, increasing, starting at 1001. */
const FIRST_ORDER_NUMBER = 1001;

export function createOrderStore(db: Db, now: () => number = Date.now) {
  const insertOrder = db.prepare(
    `INSERT INTO orders (id, number, status, currency, subtotal, tax_total, taxes, total, customer_name,
                         customer_phone, customer_email, note, created_at, updated_at)
     VALUES (@id, (SELECT coalesce(max(number) + 1, ${FIRST_ORDER_NUMBER}) FROM orders), 'open', @currency,
             @subtotal, @taxTotal, @taxes, @total, @customerName, @customerPhone, @customerEmail, @note, @now, @now)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO order_lines (order_id, line_no, product_id, description, quantity, unit_price, tax_class, subtotal,
                              tax, total)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectOrder = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?');
  const selectLines = db.prepare<[string], LineRow>(
    `SELECT l.product_id, p.sku, l.description, l.quantity, l.unit_price, l.tax_class, l.subtotal, l.tax, l.total
       FROM order_lines l LEFT JOIN products p ON p.id = l.product_id
      WHERE l.order_id = ? ORDER BY l.line_no`,
  );
  const updateStatus = db.prepare(
    `UPDATE orders SET status = @status, updated_at = @now,
            paid_at = CASE WHEN @status = 'paid' AND paid_at IS NULL THEN @now ELSE paid_at END,
            review_reason = @reviewReason
      WHERE id = @id`,
  );
  const updateCustomer = db.prepare(
    `UPDATE orders SET customer_name = @customerName, customer_phone = @customerPhone,
            customer_email = @customerEmail, note = @note, updated_at = @now WHERE id = @id`,
  );
  const setIntent = db.prepare('UPDATE orders SET payment_intent_id = ?, updated_at = ? WHERE id = ?');
  const audit = db.prepare('INSERT INTO audit_log (at, actor, action, order_id, details) VALUES (?, ?, ?, ?, ?)');

  const store = {
    /** Runs several writes as one; better-sqlite3 turns nested calls into savepoints. */
    transaction<T>(work: () => T): T {
      return db.transaction(work)();
    },

    create: db.transaction(
      (id: string, quote: Quote, customer: CustomerInput, note: string, actor: string): OrderRecord => {
        insertOrder.run({
          id,
          currency: quote.currency,
          subtotal: quote.subtotal,
          taxTotal: quote.taxTotal,
          taxes: JSON.stringify(quote.taxes),
          total: quote.total,
          customerName: customer.name,
          customerPhone: customer.phone,
          customerEmail: customer.email || null,
          note,
          now: now(),
        });
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
          ),
        );
        store.audit(actor, 'order.created', id, { total: quote.total, currency: quote.currency });
        return store.get(id)!;
      },
    ),

    get(id: string): OrderRecord | undefined {
      const row = selectOrder.get(id);
      if (!row) return undefined;
      return {
        id: row.id,
        number: row.number,
        status: row.status as OrderStatus,
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
        reviewReason: row.review_reason,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        paidAt: row.paid_at,
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

    setStatus(id: string, status: OrderStatus, reviewReason: string | null = null): void {
      updateStatus.run({ id, status, reviewReason, now: now() });
    },

    setCustomer(id: string, customer: CustomerInput, note: string): void {
      updateCustomer.run({
        id,
        customerName: customer.name,
        customerPhone: customer.phone,
        customerEmail: customer.email || null,
        note,
        now: now(),
      });
    },

    setPaymentIntent(id: string, paymentIntentId: string): void {
      setIntent.run(paymentIntentId, now(), id);
    },

    /** The audit log records who did what to which order; never card data or secrets. */
    audit(actor: string, action: string, orderId: string | null, details: object = {}): void {
      audit.run(now(), actor, action, orderId, JSON.stringify(details));
    },
  };
  return store;
}
export type OrderStore = ReturnType<typeof createOrderStore>;
