import type { Db } from '../db/open';
import type { OrderStatus, OrderSummary } from '../../../shared/contract';

interface OrderSummaryRow {
  id: string;
  number: number;
  status: string;
  currency: string;
  total: number;
  amount_refunded: number;
  customer_name: string;
  created_at: number;
  review_reason: string | null;
}

export function createOrdersRepository(db: Db) {
  const list = db.prepare<{ status: string | null; limit: number }, OrderSummaryRow>(
    `SELECT id, number, status, currency, total, amount_refunded, customer_name, created_at, review_reason
       FROM orders
      WHERE (:status IS NULL OR status = :status)
      ORDER BY created_at DESC, number DESC
      LIMIT :limit`,
  );

  return {
    list({ status, limit = 100 }: { status?: OrderStatus; limit?: number } = {}): OrderSummary[] {
      return list.all({ status: status ?? null, limit }).map((row) => ({
        id: row.id,
        number: row.number,
        status: row.status as OrderStatus,
        currency: row.currency,
        total: row.total,
        amountRefunded: row.amount_refunded,
        customerName: row.customer_name,
        createdAt: row.created_at,
        reviewReason: row.review_reason,
      }));
    },
  };
}
export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
