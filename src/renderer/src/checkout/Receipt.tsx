import type { ReceiptData } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { cardBrandName } from '#shared/card-brand';
import { lineText } from '../order-line';

const dateTime = new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeStyle: 'short' });

/**
 * The printable receipt of a paid order (print styles hide everything else on the page): the customer's copy, as
 * main made it — the shop, its tax numbers, each tax on its own line, the card — and no PaymentIntent id. After a
 * refund it is the refund receipt: each refund with its date, and what the customer paid after them.
 */
export function Receipt({ order }: { order: ReceiptData }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const { shop } = order;
  const listedRefunds = order.refunds.reduce((sum, refund) => sum + refund.amount, 0);
  return (
    <article className="receipt" aria-label={`Receipt for order ${order.number}`}>
      <header>
        <div className="receipt-shop">
          <h2>{shop.name}</h2>
          {shop.address && <p className="receipt-address">{shop.address}</p>}
          {shop.phone && <p>Tel. {shop.phone}</p>}
          {shop.taxNumbers.map((tax) => (
            <p key={tax.label} className="small">
              {tax.label} {tax.number}
            </p>
          ))}
        </div>
        {order.amountRefunded > 0 && <p className="receipt-kind">Refund receipt</p>}
        <p>
          Order #{order.number} · {dateTime.format(order.paidAt ?? order.createdAt)}
        </p>
        <p>{order.customerName}</p>
      </header>
      <table>
        <tbody>
          {order.lines.map((line, index) => (
            <tr key={index}>
              <td>{lineText(line)}</td>
              <td className="numeric">{money(line.subtotal)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Subtotal</td>
            <td className="numeric">{money(order.subtotal)}</td>
          </tr>
          {order.taxes.map((tax) => (
            <tr key={tax.name}>
              <td>
                {tax.name} {tax.rateBp / 100}%
              </td>
              <td className="numeric">{money(tax.amount)}</td>
            </tr>
          ))}
          <tr className="grand">
            <td>Total paid</td>
            <td className="numeric">{money(order.total)}</td>
          </tr>
          {order.refunds.map((refund, index) => (
            <tr key={index}>
              <td>Refunded {dateTime.format(refund.at)}</td>
              <td className="numeric">−{money(refund.amount)}</td>
            </tr>
          ))}
          {/* Refunds made in Stripe's Dashboard are counted from its events, without a row of Till's own. */}
          {order.amountRefunded > listedRefunds && (
            <tr>
              <td>Refunded{listedRefunds > 0 ? ' in Stripe' : ''}</td>
              <td className="numeric">−{money(order.amountRefunded - listedRefunds)}</td>
            </tr>
          )}
          {order.amountRefunded > 0 && (
            <tr className="grand">
              <td>Paid after refunds</td>
              <td className="numeric">{money(order.total - order.amountRefunded)}</td>
            </tr>
          )}
        </tfoot>
      </table>
      {order.card && (
        <p>
          Paid by {cardBrandName(order.card.brand)} card ending {order.card.last4}
        </p>
      )}
      {order.clerk && <p>Served by {order.clerk}</p>}
    </article>
  );
}
