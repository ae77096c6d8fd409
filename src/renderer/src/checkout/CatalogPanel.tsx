import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Product } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { TAX_CLASS_LABEL } from '../tax-class-labels';
import { useTillQuery } from '../use-till-query';
import { useBarcodeScanner } from './use-barcode-scanner';
import { till } from '../staff/till';

/**
 * Type to search (name, SKU or barcode); ↑/↓ to choose; Enter adds the chosen product and selects the search text
 * for the next one. F2 comes back here from anywhere. A barcode scanner adds its product wherever the focus is.
 */
export function CatalogPanel({
  onAdd,
  disabled,
  onSettled,
}: {
  onAdd(product: Product): void;
  disabled: boolean;
  /** Told once the catalog has answered (shown, or its error), so the page can load what comes after it. */
  onSettled?(): void;
}) {
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const searchBox = useRef<HTMLInputElement>(null);
  const catalog = useTillQuery(async () => {
    const result = await till.catalog.list({ search: deferredSearch || undefined });
    return result.ok ? { ok: true as const, value: { query: deferredSearch, products: result.value } } : result;
  }, [deferredSearch]);
  const products = useMemo(() => (catalog.status === 'ready' ? catalog.value.products : []), [catalog]);
  // The chosen product belongs to the list it was chosen in: a new list of results starts at its first match. A
  // mouse resting where the results appear "hovers" an option of the list being replaced, and Enter then added
  // another product than the first match, or none when the new list was shorter.
  const [chosen, setChosen] = useState<{ list: readonly Product[]; index: number }>({ list: products, index: 0 });
  const highlight = chosen.list === products && chosen.index < products.length ? chosen.index : 0;
  const setHighlight = (next: (index: number) => number) =>
    setChosen((current) => ({ list: products, index: next(current.list === products ? current.index : 0) }));
  const upToDate = catalog.status === 'ready' && catalog.value.query === search.trim();
  const settled = catalog.status !== 'loading';
  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled, onSettled]);

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
  /** Enter in the search: the item goes in, and the text is selected so the next search simply replaces it. */
  const addFromSearch = (product: Product | undefined) => {
    add(product);
    searchBox.current?.select();
  };

  const [scanned, setScanned] = useState<{ text: string; error: boolean } | null>(null);
  useBarcodeScanner((barcode) => {
    if (disabled) {
      setScanned({ text: 'Finish or cancel this payment before adding items.', error: true });
      return;
    }
    void till.catalog.byBarcode({ barcode }).then((result) => {
      if (!result.ok) setScanned({ text: result.error.message, error: true });
      else if (!result.value) setScanned({ text: `No product has barcode ${barcode}.`, error: true });
      else if (result.value.archived) setScanned({ text: `${result.value.name} is no longer sold.`, error: true });
      else {
        onAdd(result.value);
        setScanned({ text: `Scanned: ${result.value.name}`, error: false });
      }
    });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setHighlight((index) => Math.min(index + 1, products.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (upToDate) addFromSearch(products[highlight]);
      // Enter came before the results for the latest keystrokes: add the first match for exactly what was typed.
      else
        void till.catalog.list({ search: search.trim() || undefined }).then((result) => {
          if (result.ok) addFromSearch(result.value[0]);
        });
    } else if (event.key === 'Escape') {
      setSearch('');
      setHighlight(() => 0);
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
          placeholder="Search by name, SKU or barcode (F2)"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setHighlight(() => 0);
          }}
          onKeyDown={onKeyDown}
          autoFocus
        />
      </div>
      {scanned && (
        <p role={scanned.error ? 'alert' : 'status'} className={scanned.error ? 'error-text small' : 'muted small'}>
          {scanned.text}
        </p>
      )}
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
              onMouseEnter={() => setHighlight(() => index)}
              onClick={() => add(product)}
            >
              <div>
                <div className="product-name">{product.name}</div>
                <div className="muted small">
                  {product.sku}
                  {product.description && ` · ${product.description}`}
                </div>
              </div>
              <div className="product-price">
                <div>{formatMoney(product.unitPrice, product.currency)}</div>
                <div className="muted small">{TAX_CLASS_LABEL[product.taxClass]}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
