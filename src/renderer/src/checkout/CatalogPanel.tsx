import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Product } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { useTillQuery } from '../use-till-query';

const TAX_LABEL = { standard: 'GST + PST', gst_only: 'GST', zero_rated: 'No tax' } as const;

/** Type to search; ↑/↓ to choose; Enter adds the chosen product. F2 comes back here from anywhere. */
export function CatalogPanel({ onAdd, disabled }: { onAdd(product: Product): void; disabled: boolean }) {
  const [search, setSearch] = useState('');
  const [highlight, setHighlight] = useState(0);
  const deferredSearch = useDeferredValue(search.trim());
  const searchBox = useRef<HTMLInputElement>(null);
  const catalog = useTillQuery(async () => {
    const result = await window.till.catalog.list({ search: deferredSearch || undefined });
    return result.ok ? { ok: true as const, value: { query: deferredSearch, products: result.value } } : result;
  }, [deferredSearch]);
  const products = useMemo(() => (catalog.status === 'ready' ? catalog.value.products : []), [catalog]);
  const upToDate = catalog.status === 'ready' && catalog.value.query === search.trim();

  useEffect(() => {
    const focusSearch = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'F2') {
        event.preventDefault();
        searchBox.current?.focus();
        searchBox.current?.select();
      }
    };
    window.addEventListener('keydown', focusSearch);
    return () => window.removeEventListener('keydown', focusSearch);
  }, []);

  const add = (product: Product | undefined) => {
    if (!product || disabled) return;
    onAdd(product);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setHighlight((index) => Math.min(index + 1, products.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (upToDate) add(products[highlight]);
      // Enter came before the results for the latest keystrokes: add the first match for exactly what was typed.
      else
        void window.till.catalog.list({ search: search.trim() || undefined }).then((result) => {
          if (result.ok) add(result.value[0]);
        });
    } else if (event.key === 'Escape') {
      setSearch('');
      setHighlight(0);
    }
  };

  return (
    <section className="panel catalog" aria-labelledby="catalog-heading">
      <div className="panel-toolbar">
        <h2 id="catalog-heading">Catalog</h2>
        <input
          ref={searchBox}
          type="search"
          aria-label="Search products"
          aria-controls="product-list"
          aria-activedescendant={products[highlight] ? `product-${products[highlight].id}` : undefined}
          placeholder="Search by name or SKU (F2)"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setHighlight(0);
          }}
          onKeyDown={onKeyDown}
          autoFocus
        />
      </div>
      {catalog.status === 'loading' && <p className="muted">Loading the catalog…</p>}
      {catalog.status === 'error' && (
        <p role="alert" className="error-text">
          {catalog.error.message}
        </p>
      )}
      {catalog.status === 'ready' && upToDate && products.length === 0 && (
        <p className="muted">{deferredSearch ? `No product matches “${deferredSearch}”.` : 'The catalog is empty.'}</p>
      )}
      {products.length > 0 && (
        <ul className="product-list" id="product-list" role="listbox" aria-label="Products">
          {products.map((product, index) => (
            <li
              key={product.id}
              id={`product-${product.id}`}
              role="option"
              aria-selected={index === highlight}
              className={index === highlight ? 'product highlighted' : 'product'}
              onMouseEnter={() => setHighlight(index)}
              onClick={() => add(product)}
            >
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
  );
}
