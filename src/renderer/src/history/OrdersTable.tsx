import type { OrderSummary } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { dateTime } from './format';
import { statusText } from './status-labels';

interface Props {
  orders: OrderSummary[];
  selectedId: string | null;
  onSelect(orderId: string): void;
}

/** The matching orders, newest first. The order number is a button: the row opens with Enter as well as a click. */
export function OrdersTable({ orders, selectedId, onSelect }: Props) {
  return (
    <table className="orders-table" aria-label="Orders">
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Date</th>
          <th scope="col">Customer</th>
          <th scope="col">Card</th>
          <th scope="col">Taken by</th>
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Refunded
          </th>
          <th scope="col" className="numeric">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr
            key={order.id}
            className={order.id === selectedId ? 'selected' : undefined}
            aria-selected={order.id === selectedId}
            onClick={() => onSelect(order.id)}
          >
            <td>
              <button type="button" className="link" onClick={() => onSelect(order.id)}>
                #{order.number}
              </button>
            </td>
            <td>{dateTime.format(order.createdAt)}</td>
            <td>{order.customerName}</td>
            <td>{order.cardLast4 ? `•••• ${order.cardLast4}` : ''}</td>
            <td>{order.staffName ?? ''}</td>
            <td>
              {statusText(order.status, order.linkState)}
              {order.reviewReason && (
                <span className="review-flag" title={order.reviewReason}>
                  {' '}
                  · review
                </span>
              )}
            </td>
            <td className="numeric">
              {order.amountRefunded > 0 ? formatMoney(order.amountRefunded, order.currency) : ''}
            </td>
            <td className="numeric">{formatMoney(order.total, order.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
