import type { Quote } from '#shared/contract';
import { formatMoney } from '#shared/money';
import type { TillError } from '#shared/result';
import type { CartLine } from './use-cart';

interface Props {
  lines: CartLine[];
  quote: Quote | null;
  quoteError: TillError | null;
  currency: string;
  /** Once a card has been tried, the order's items are fixed. */
  locked: boolean;
  onQuantity(key: string, quantity: number): void;
  onRemove(key: string): void;
}

const percent = (rateBp: number) => `${rateBp / 100}%`;

export function CartPanel({ lines, quote, quoteError, currency, locked, onQuantity, onRemove }: Props) {
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <section className="panel cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading">Order</h2>
      {lines.length === 0 && <p className="muted">Add products from the catalog, or a quick charge below.</p>}
      {lines.length > 0 && (
        <table className="cart-table" aria-label="Cart">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="numeric">
                Qty
              </th>
              <th scope="col" className="numeric">
                Amount
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => {
              const priced = quote?.lines[index];
              const name = line.kind === 'product' ? line.product.name : line.description;
              return (
                <tr key={line.key}>
                  <td>
                    {name}
                    {line.kind === 'custom' && <span className="muted small"> · quick charge</span>}
                  </td>
                  <td className="numeric">
                    {line.kind === 'product' ? (
                      <span className="qty">
                        <button
                          type="button"
                          className="icon"
                          aria-label={`One less ${name}`}
                          disabled={locked}
                          onClick={() => onQuantity(line.key, line.quantity - 1)}
                        >
                          −
                        </button>
                        <input
                          type="number"
                          min={1}
                          max={999}
                          aria-label={`Quantity of ${name}`}
                          value={line.quantity}
                          disabled={locked}
                          onChange={(event) => onQuantity(line.key, Number(event.target.value) || 1)}
                        />
                        <button
                          type="button"
                          className="icon"
                          aria-label={`One more ${name}`}
                          disabled={locked}
                          onClick={() => onQuantity(line.key, line.quantity + 1)}
                        >
                          +
                        </button>
                      </span>
                    ) : (
                      1
                    )}
                  </td>
                  <td className="numeric">{priced ? money(priced.subtotal) : '…'}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Remove ${name}`}
                      disabled={locked}
                      onClick={() => onRemove(line.key)}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {quoteError && (
        <p role="alert" className="error-text">
          {quoteError.message}
        </p>
      )}
      {quote && (
        <dl className="totals" aria-label="Totals">
          <dt>Subtotal</dt>
          <dd>{money(quote.subtotal)}</dd>
          {quote.taxes.map((tax) => (
            <div key={tax.name} className="totals-row">
              <dt>
                {tax.name} {percent(tax.rateBp)}
              </dt>
              <dd>{money(tax.amount)}</dd>
            </div>
          ))}
          <dt className="grand">Total</dt>
          <dd className="grand" data-testid="order-total">
            {money(quote.total)}
          </dd>
        </dl>
      )}
    </section>
  );
}
