import { useDeferredValue, useState } from 'react';
import { formatMoney } from '../../../shared/money';
import { Shell } from '../components/Shell';
import { useTillQuery } from '../use-till-query';

const TAX_LABEL = { standard: 'GST + PST', gst_only: 'GST', zero_rated: 'No tax' } as const;

async function openHistory() {
  const result = await window.till.window.openHistory();
  // The browser preview cannot open a desktop window; it answers with the page to open instead.
  if (result.ok && result.value.url) window.open(result.value.url, '_blank', 'noopener');
}

export function CheckoutPage() {
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const catalog = useTillQuery(
    () => window.till.catalog.list({ search: deferredSearch || undefined }),
    [deferredSearch],
  );

  return (
    <Shell
      title="Checkout"
      actions={
        <button type="button" onClick={openHistory}>
          Order history
        </button>
      }
    >
      <section className="catalog" aria-labelledby="catalog-heading">
        <div className="catalog-toolbar">
          <h2 id="catalog-heading">Catalog</h2>
          <input
            type="search"
            aria-label="Search products"
            placeholder="Search by name or SKU"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        {catalog.status === 'loading' && <p className="muted">Loading the catalog…</p>}
        {catalog.status === 'error' && (
          <p role="alert" className="error-text">
            {catalog.error.message}
          </p>
        )}
        {catalog.status === 'ready' && catalog.value.length === 0 && (
          <p className="muted">
            {deferredSearch ? `No product matches “${deferredSearch}”.` : 'The catalog is empty.'}
          </p>
        )}
        {catalog.status === 'ready' && catalog.value.length > 0 && (
          <ul className="product-list" aria-label="Products">
            {catalog.value.map((product) => (
              <li key={product.id} className="product">
                <div>
                  <div className="product-name">{product.name}</div>
                  <div className="muted small">
                    {product.sku} · {product.description}
                  </div>
                </div>
                <div className="product-price">
                  <div>{formatMoney(product.unitPrice, product.currency)}</div>
                  <div className="muted small">{TAX_LABEL[product.taxClass]}</div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Shell>
  );
}
