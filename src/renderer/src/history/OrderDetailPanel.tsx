import { cardBrandName } from '#shared/card-brand';
import { disputeWords, isChargeback } from '#shared/disputes';
import { useEffect, useRef, useState } from 'react';
import type { OrderDetail, RefundOutcome } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { Receipt } from '../checkout/Receipt';
import { ReceiptActions } from '../checkout/ReceiptActions';
import { lineText } from '../order-line';
import { useTillQuery } from '../use-till-query';
import { DisputeEvidenceButton } from './DisputeEvidenceButton';
import { dateTime, dateTimeSeconds } from './format';
import { EmailReceiptForm } from './EmailReceiptForm';
import { LinkLine } from './LinkLine';
import { RefundForm } from './RefundForm';
import { statusText } from './status-labels';
import { useCan } from '../staff/signed-in-context';
import { till } from '../staff/till';

interface Props {
  orderId: string;
  /** Changes whenever main reports a change to an order, so that an open order stays current. */
  version: number;
  onClose(): void;
}

/** One order in full: what was sold, to whom, how it was paid, and its timeline from Till and from Stripe. */
export function OrderDetailPanel({ orderId, version, onClose }: Props) {
  const order = useTillQuery(() => till.orders.get({ orderId }), [orderId, version]);
  if (order.status === 'loading') return <aside className="panel order-detail muted">Loading the order…</aside>;
  if (order.status === 'error') {
    return (
      <aside className="panel order-detail">
        <p role="alert" className="error-text">
          {order.error.message}
        </p>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </aside>
    );
  }
  // Keyed by order: a refund form left open on one order never shows on the next one chosen.
  return <OrderDetailView key={order.value.id} order={order.value} onClose={onClose} />;
}

const REFUND_NOTICE: Record<RefundOutcome['status'], string> = {
  succeeded: 'info',
  pending: 'info',
  failed: 'error',
  unknown: 'warning',
};

function OrderDetailView({ order, onClose }: { order: OrderDetail; onClose(): void }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const [refunding, setRefunding] = useState(false);
  const [refunded, setRefunded] = useState<RefundOutcome | null>(null);
  const canRefund = useCan('refund');
  // The evidence takes the customer's details and the card checks out of the app, as an export does.
  const canExport = useCan('export');
  // An order opened from far down the list is brought into view (the panel is keyed by order: once per order).
  const panel = useRef<HTMLElement>(null);
  // In braces, returning nothing: Chromium's scrollIntoView now returns a promise, which React would take for the
  // effect's clean-up and call when the panel closes, so opening another order blanked the page.
  useEffect(() => {
    void panel.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <aside ref={panel} className="panel order-detail" aria-label={`Order #${order.number}`}>
      <div className="panel-toolbar">
        <h2>
          Order #{order.number} · {statusText(order.status, order.link?.state)}
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {order.reviewReason && <p className="notice warning">{order.reviewReason}</p>}
      <p className="muted small">
        Taken {dateTime.format(order.createdAt)}
        {order.staffName && ` by ${order.staffName}`}
        {order.paidAt !== null && ` · paid ${dateTime.format(order.paidAt)}`}
      </p>

      <h3>Customer</h3>
      <p>
        {order.customerName || <span className="muted">No name</span>}
        {order.customerPhone && ` · ${order.customerPhone}`}
        {order.customerEmail && ` · ${order.customerEmail}`}
      </p>
      {order.note && <p className="muted">Note: {order.note}</p>}

      <table className="cart-table" aria-label="Items">
        <tbody>
          {order.lines.map((line, i) => (
            <tr key={i}>
              <td>{lineText(line)}</td>
              <td className="numeric">{money(line.subtotal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="totals">
        <div className="totals-row">
          <dt>Subtotal</dt>
          <dd>{money(order.subtotal)}</dd>
        </div>
        {order.taxes.map((tax) => (
          <div key={tax.name} className="totals-row">
            <dt>{tax.name}</dt>
            <dd>{money(tax.amount)}</dd>
          </div>
        ))}
        <div className="totals-row grand">
          <dt>Total</dt>
          <dd>{money(order.total)}</dd>
        </div>
        {order.amountRefunded > 0 && (
          <div className="totals-row">
            <dt>Refunded</dt>
            <dd>−{money(order.amountRefunded)}</dd>
          </div>
        )}
      </dl>

      <h3>Payment</h3>
      <p>
        {order.card
          ? `${cardBrandName(order.card.brand)} •••• ${order.card.last4}`
          : order.link?.state === 'paid'
            ? 'Card typed by the customer on Stripe’s page (see Stripe for its details)'
            : 'No card recorded'}
        {order.paymentIntentId && <span className="muted small"> · {order.paymentIntentId}</span>}
        {order.disputeStatus && ` · Dispute: ${disputeWords(order.disputeStatus)}`}
      </p>
      {order.link && <LinkLine link={order.link} money={money} />}
      {order.disputeStatus && canExport && (
        <div className="actions">
          <DisputeEvidenceButton orderId={order.id} />
        </div>
      )}

      {order.paidAt !== null && (
        <div className="actions">
          <ReceiptActions orderId={order.id} />
          {canRefund && order.refundable > 0 && !refunding && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setRefunded(null);
                setRefunding(true);
              }}
            >
              Refund…
            </button>
          )}
        </div>
      )}
      {order.paidAt !== null && canRefund && isChargeback(order.disputeStatus) && (
        <p className="muted small">
          The customer disputed this payment, so it cannot be refunded: answer the dispute in the Stripe Dashboard.
        </p>
      )}
      {refunded && (
        <p role="status" className={`notice ${REFUND_NOTICE[refunded.status]}`}>
          {refunded.message}
        </p>
      )}
      {refunding && (
        <RefundForm
          order={order}
          onDone={(outcome) => {
            setRefunded(outcome);
            setRefunding(false);
          }}
          onCancel={() => setRefunding(false)}
        />
      )}
      {order.paidAt !== null && order.paymentIntentId && (
        <EmailReceiptForm key={order.id} orderId={order.id} email={order.customerEmail} />
      )}
      {order.paidAt !== null && (
        <div className="print-only">
          <Receipt order={order.receipt} />
        </div>
      )}

      <h3>Timeline</h3>
      <ol className="timeline" aria-label="Timeline">
        {order.timeline.map((entry, i) => (
          <li key={i} className={`timeline-entry ${entry.source}`}>
            <time dateTime={new Date(entry.at).toISOString()}>{dateTimeSeconds.format(entry.at)}</time>
            <span className="timeline-title">{entry.title}</span>
            {entry.detail && <span className="timeline-detail muted small">{entry.detail}</span>}
          </li>
        ))}
      </ol>
    </aside>
  );
}
