import { formatMoney } from '../../../shared/money';
import { SettingsPanel } from '../components/SettingsPanel';
import { Shell } from '../components/Shell';
import { useEffect, useState } from 'react';
import { useTillQuery } from '../use-till-query';

const dateTime = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeStyle: 'short' });

const STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  processing: 'Checking with Stripe',
  requires_action: 'Awaiting 3D Secure',
  failed: 'Declined',
  paid: 'Paid',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  disputed: 'Disputed',
  canceled: 'Canceled',
  needs_review: 'Needs review',
};

export function HistoryPage() {
  // Re-read whenever main says an order changed (a payment, a Stripe event, reconciliation).
  const [version, setVersion] = useState(0);
  useEffect(() => window.till.on('orders.changed', () => setVersion((v) => v + 1)), []);
  const orders = useTillQuery(() => window.till.orders.list({ limit: 200 }), [version]);
  return (
    <Shell title="Order history">
      <SettingsPanel />
      {orders.status === 'loading' && <p className="muted">Loading orders…</p>}
      {orders.status === 'error' && (
        <p role="alert" className="error-text">
          {orders.error.message}
        </p>
      )}
      {orders.status === 'ready' && orders.value.length === 0 && (
        <div className="empty-state">
          <h2>No orders yet</h2>
          <p>Orders taken at Checkout appear here, newest first, with their payment status.</p>
        </div>
      )}
      {orders.status === 'ready' && orders.value.length > 0 && (
        <table className="orders-table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Date</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.value.map((order) => (
              <tr key={order.id}>
                <td>#{order.number}</td>
                <td>{dateTime.format(order.createdAt)}</td>
                <td>{order.customerName}</td>
                <td>
                  {STATUS_LABEL[order.status] ?? order.status}
                  {order.reviewReason && (
                    <span className="review-flag" title={order.reviewReason}>
                      {' '}
                      · review
                    </span>
                  )}
                </td>
                <td className="numeric">{formatMoney(order.total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Shell>
  );
}
