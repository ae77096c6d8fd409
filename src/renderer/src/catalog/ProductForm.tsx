import { useState, type FormEvent } from 'react';
import { TAX_CLASSES } from '#shared/choices';
import type { Product, TaxClass } from '#shared/contract';
import { toDecimal } from '#shared/money';
import { parseAmount } from '../checkout/money-input';
import { TextField } from '../components/TextField';
import { fieldMessage } from '../field-message';
import { TAX_CLASS_LABEL } from '../tax-class-labels';
import { otherThanPin, type OwnerAccess } from './owner-access';
import { till } from '../staff/till';

interface Props {
  /** The product being edited, or null to add one. */
  product: Product | null;
  access: OwnerAccess;
  /** The shop's, for a new product's price (an existing one keeps its own). */
  currency: string;
  onSaved(product: Product): void;
  onCancel(): void;
}

type Field = 'name' | 'sku' | 'barcode' | 'description' | 'unitPrice' | 'taxClass';
const draftOf = (product: Product | null) => ({
  name: product?.name ?? '',
  sku: product?.sku ?? '',
  barcode: product?.barcode ?? '',
  description: product?.description ?? '',
  price: product ? toDecimal(product.unitPrice, product.currency) : '',
  taxClass: product?.taxClass ?? ('standard' as TaxClass),
});

/** Adds a product, or edits one. Main checks everything again; its messages land next to the field they name. */
export function ProductForm({ product, access, currency, onSaved, onCancel }: Props) {
  const [draft, setDraft] = useState(() => draftOf(product));
  const [errors, setErrors] = useState<Partial<Record<Field | 'other', string>>>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((before) => ({ ...before, [key]: value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    const unitPrice = parseAmount(draft.price, product?.currency ?? currency);
    if (unitPrice === null) {
      setErrors({ unitPrice: 'Enter the price before tax, like 12.50' });
      return;
    }
    const { name, sku, barcode, description, taxClass } = draft;
    const fields = { name, sku, barcode, description, taxClass, unitPrice, pin: access.pin };
    setBusy(true);
    const result = product ? await till.catalog.update({ ...fields, id: product.id }) : await till.catalog.add(fields);
    setBusy(false);
    if (result.ok) {
      setErrors({});
      onSaved(result.value);
      return;
    }
    if (!otherThanPin(result.error, access)) return;
    const field = result.error.field as Field | undefined;
    const known: Field[] = ['name', 'sku', 'barcode', 'description', 'unitPrice', 'taxClass'];
    setErrors({ [field && known.includes(field) ? field : 'other']: fieldMessage(result.error) });
  }

  return (
    <form className="panel product-form" onSubmit={(event) => void save(event)} aria-labelledby="product-form-heading">
      <h2 id="product-form-heading">{product ? `Edit ${product.name}` : 'Add a product'}</h2>
      <TextField id="product-name" label="Name" value={draft.name} error={errors.name} onChange={set('name')} />
      <div className="field-row">
        <TextField id="product-sku" label="SKU" value={draft.sku} error={errors.sku} onChange={set('sku')} />
        <TextField
          id="product-barcode"
          label="Barcode (optional)"
          inputMode="numeric"
          value={draft.barcode}
          error={errors.barcode}
          onChange={set('barcode')}
        />
      </div>
      <TextField
        id="product-description"
        label="Description (optional)"
        value={draft.description}
        error={errors.description}
        onChange={set('description')}
      />
      <div className="field-row">
        <TextField
          id="product-price"
          label="Price before tax"
          inputMode="decimal"
          value={draft.price}
          error={errors.unitPrice}
          onChange={set('price')}
        />
        <label className="field">
          <span>Tax</span>
          <select
            aria-label="Tax class"
            value={draft.taxClass}
            onChange={(event) => set('taxClass')(event.target.value)}
          >
            {TAX_CLASSES.map((taxClass) => (
              <option key={taxClass} value={taxClass}>
                {TAX_CLASS_LABEL[taxClass]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {errors.other && (
        <p role="alert" className="error-text">
          {errors.other}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {product ? 'Save changes' : 'Add product'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {product ? 'Cancel' : 'Clear'}
        </button>
      </div>
    </form>
  );
}
