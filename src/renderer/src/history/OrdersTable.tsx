import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { OrderSummary } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { dateTime } from './format';
import { statusText } from './status-labels';

interface Props {
  orders: OrderSummary[];
  selectedId: string | null;
  onSelect(orderId: string): void;
  /** More orders match than are loaded. */
  hasMore: boolean;
  /** Asked for when the owner scrolls near the last row loaded. */
  onNearEnd(): void;
}

/** A row's height before it is measured (one line of text with the table's padding). */
const ROW_HEIGHT = 37;
/** Rows drawn above and below the visible ones, so that a quick scroll shows no gap. */
const OVERSCAN = 15;
/** The next page is asked for when this many loaded rows remain below the visible ones. */
const LOAD_AHEAD = 40;

/**
 * The matching orders, newest first, however many: only the rows in view are in the page (@tanstack/react-virtual),
 * with a spacer above and below standing for the rest, and the next page is loaded as the owner nears the end.
 * The order number is a button: the row opens with Enter as well as a click.
 */
export function OrdersTable({ orders, selectedId, onSelect, hasMore, onNearEnd }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  // The table re-renders with the virtualizer on every scroll by design; nothing here is memoized across renders.
  // eslint-disable-next-line react-hooks/incompatible-library -- see above
  const virtualizer = useVirtualizer({
    count: orders.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => orders[index]!.id,
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && lastShown >= orders.length - LOAD_AHEAD) onNearEnd();
  }, [hasMore, lastShown, orders.length, onNearEnd]);
  const above = rows[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);

  return (
    <div ref={scroller} className="orders-scroller">
      <table className="orders-table" aria-label="Orders" aria-rowcount={hasMore ? -1 : orders.length + 1}>
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
          {above > 0 && <tr aria-hidden="true" className="spacer" style={{ height: above }} />}
          {rows.map((row) => {
            const order = orders[row.index]!;
            return (
              <tr
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                aria-rowindex={row.index + 2}
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
            );
          })}
          {below > 0 && <tr aria-hidden="true" className="spacer" style={{ height: below }} />}
        </tbody>
      </table>
    </div>
  );
}
