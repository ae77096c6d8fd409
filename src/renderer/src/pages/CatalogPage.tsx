import { useState } from 'react';
import type { Product } from '#shared/contract';
import type { TillError } from '#shared/result';
import { CatalogExportButton } from '../catalog/CatalogExportButton';
import { CatalogImport } from '../catalog/CatalogImport';
import type { OwnerAccess } from '../catalog/owner-access';
import { ProductForm } from '../catalog/ProductForm';
import { ProductsTable } from '../catalog/ProductsTable';
import { PinField } from '../components/PinField';
import { Shell } from '../components/Shell';
import { fieldMessage } from '../field-message';
import { useDebounced } from '../history/use-debounced';
import { useShopCurrency } from '../app-info';
import { useTillQuery } from '../use-till-query';
import { useCan } from '../staff/signed-in-context';
import { till } from '../staff/till';

/** The owner's catalog: the products the till sells, added and changed here, or imported from a spreadsheet. */
export function CatalogPage() {
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((n) => n + 1);
  const [search, setSearch] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const query = useDebounced(search.trim(), 200);
  const products = useTillQuery(
    () => till.catalog.list({ search: query || undefined, includeArchived: showArchived }),
    [query, showArchived, version],
  );
  const canOpenHistory = useCan('openHistory');
  const canExport = useCan('export');
  const pinStatus = useTillQuery(() => till.owner.pinStatus(), []);
  const currency = useShopCurrency();
  const pinSet = pinStatus.status === 'ready' && pinStatus.value.set;
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const access: OwnerAccess = {
    pin: pinSet ? pin : undefined,
    onPinError: (error: TillError) => setPinError(fieldMessage(error)),
  };
  // Which product the form edits: null adds one. The key gives the form a fresh draft for each.
  const [editing, setEditing] = useState<Product | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const edit = (product: Product | null) => {
    setEditing(product);
    setFormKey((n) => n + 1);
    setSaved(null);
  };

  return (
    <Shell
      title="Catalog"
      actions={
        <>
          {canOpenHistory && (
            <a className="button secondary" href="#/history">
              Order history
            </a>
          )}
          {canExport && <CatalogExportButton />}
        </>
      }
    >
      {pinStatus.status === 'ready' && !pinSet && (
        <p className="notice warning">
          No owner PIN is set, so anyone at this PC can change the catalog. Set one under Payment settings in the order
          history.
        </p>
      )}
      {pinSet && (
        <div className="catalog-pin">
          <PinField
            id="catalog-pin"
            label="Your PIN, to change the catalog"
            value={pin}
            error={pinError ?? undefined}
            onChange={(value) => {
              setPin(value);
              setPinError(null);
            }}
          />
        </div>
      )}
      <div className="catalog-grid">
        <section className="panel" aria-labelledby="products-heading">
          <div className="panel-toolbar">
            <h2 id="products-heading">Products</h2>
            <input
              type="search"
              aria-label="Search the catalog"
              placeholder="Name, SKU or barcode"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
            <label className="check">
              <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
              Show archived
            </label>
          </div>
          {products.status === 'loading' && <p className="muted">Loading the catalog…</p>}
          {products.status === 'error' && (
            <p role="alert" className="error-text">
              {products.error.message}
            </p>
          )}
          {products.status === 'ready' && products.value.length === 0 && (
            <p className="muted">
              {query ? `No product matches “${query}”.` : 'No products yet. Add one, or import a spreadsheet.'}
            </p>
          )}
          {products.status === 'ready' && products.value.length > 0 && (
            <ProductsTable
              products={products.value}
              editingId={editing?.id ?? null}
              access={access}
              onEdit={edit}
              onChanged={reload}
            />
          )}
        </section>
        <div className="catalog-side">
          {saved && (
            <p role="status" className="success-text">
              {saved}
            </p>
          )}
          <ProductForm
            key={formKey}
            product={editing}
            access={access}
            currency={currency}
            onSaved={(product) => {
              edit(null);
              setSaved(`Saved ${product.name}.`);
              reload();
            }}
            onCancel={() => edit(null)}
          />
          <CatalogImport access={access} onImported={reload} />
        </div>
      </div>
    </Shell>
  );
}
