import { useState, type FormEvent } from 'react';
import type { ShopDetails } from '#shared/contract';
import { useTillQuery } from '../use-till-query';
import { TextField } from './TextField';
import { till } from '../staff/till';

type Draft = Omit<ShopDetails, 'currency'>;
const MAX_TAX_NUMBERS = 4;
/** The fields of main's answer this form shows a message next to. */
const SHOWN_FIELDS = /^(name|address|phone|taxNumbers)(\.|$)/;

interface Props {
  /** Your PIN, typed at the top of the settings; main checks it is the signed-in person's. */
  pin: string;
  /** A PIN main refused: its message goes next to the PIN field, not here. */
  onPinError(message: string | null): void;
}

/**
 * The shop as receipts print it: its name, address, phone and tax numbers, changed after set-up with set-up's checks
 * (main's messages land next to their fields). The currency is shown, not changed: prices and orders are in it.
 */
export function ShopDetailsForm({ pin, onPinError }: Props) {
  const loaded = useTillQuery(() => till.shop.get(), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  if (loaded.status !== 'ready') return null;
  const { currency: loadedCurrency, ...loadedDetails } = loaded.value;
  const current: Draft = draft ?? loadedDetails;
  const shopCurrency = currency ?? loadedCurrency;

  const set = (change: Partial<Draft>, ...fields: string[]) => {
    setDraft({ ...current, ...change });
    setSaved(false);
    // A field the owner changes loses its message: an answer already fixed must not still look wrong.
    setErrors((all) =>
      Object.fromEntries(Object.entries(all).filter(([field]) => !fields.some((f) => field.startsWith(f)))),
    );
  };
  const taxNumber = (index: number, change: Partial<Draft['taxNumbers'][number]>) =>
    set(
      { taxNumbers: current.taxNumbers.map((row, i) => (i === index ? { ...row, ...change } : row)) },
      `taxNumbers.${index}`,
    );

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const taxNumbers = current.taxNumbers.filter((row) => row.label.trim() !== '' || row.number.trim() !== '');
    const { name, address, phone } = current;
    const result = await till.shop.update({ name, address, phone, taxNumbers, ...(pin ? { pin } : {}) });
    setSaving(false);
    if (result.ok) {
      const { currency: savedCurrency, ...details } = result.value;
      setDraft(details);
      setCurrency(savedCurrency);
      setErrors({});
      setFailure(null);
      onPinError(null);
      setSaved(true);
      return;
    }
    const { field, issues, message } = result.error;
    if (field === 'pin') {
      onPinError(message);
      setErrors({});
      setFailure(null);
      return;
    }
    onPinError(null);
    const byField: Record<string, string> = {};
    for (const issue of issues ?? []) byField[issue.field] ??= issue.message;
    if (field && !issues) byField[field] = message;
    setErrors(byField);
    // Messages at fields speak for themselves; any other failure (or a field this form has not) is said below.
    const fields = Object.keys(byField);
    setFailure(fields.length > 0 && fields.every((f) => SHOWN_FIELDS.test(f)) ? null : message);
  }

  return (
    <form
      className="shop-details"
      aria-labelledby="shop-details-title"
      onSubmit={(event) => void save(event)}
      noValidate
    >
      <h3 id="shop-details-title">Shop details</h3>
      <p className="muted small">
        Printed on every receipt from now on; a past order&apos;s receipt, shown or saved again, carries them too.
      </p>
      <TextField
        id="shop-name"
        label="Shop name"
        value={current.name}
        error={errors.name}
        maxLength={80}
        onChange={(name) => set({ name }, 'name')}
      />
      <label className="field">
        <span>Address (as printed, one line per line)</span>
        <textarea
          id="shop-address"
          rows={3}
          value={current.address}
          maxLength={200}
          aria-invalid={errors.address ? true : undefined}
          aria-describedby={errors.address ? 'shop-address-error' : undefined}
          onChange={(event) => set({ address: event.target.value }, 'address')}
        />
        {errors.address && (
          <span id="shop-address-error" role="alert" className="error-text field-error">
            {errors.address}
          </span>
        )}
      </label>
      <TextField
        id="shop-phone"
        label="Phone"
        value={current.phone}
        error={errors.phone}
        maxLength={30}
        onChange={(phone) => set({ phone }, 'phone')}
      />
      <p className="setup-subhead">Tax registration numbers (empty both boxes to take one off)</p>
      {current.taxNumbers.map((tax, index) => (
        <div className="field-row" key={index}>
          <TextField
            id={`shop-tax-${index}-label`}
            label="Tax"
            className="shop-narrow"
            value={tax.label}
            error={errors[`taxNumbers.${index}.label`]}
            maxLength={20}
            onChange={(label) => taxNumber(index, { label })}
          />
          <TextField
            id={`shop-tax-${index}-number`}
            label={`${tax.label || 'Tax'} number`}
            value={tax.number}
            error={errors[`taxNumbers.${index}.number`]}
            maxLength={30}
            onChange={(number) => taxNumber(index, { number })}
          />
        </div>
      ))}
      {errors.taxNumbers && (
        <p role="alert" className="error-text">
          {errors.taxNumbers}
        </p>
      )}
      {current.taxNumbers.length < MAX_TAX_NUMBERS && (
        <button
          type="button"
          className="secondary"
          onClick={() => set({ taxNumbers: [...current.taxNumbers, { label: '', number: '' }] }, 'taxNumbers')}
        >
          Add a tax number
        </button>
      )}
      <p className="muted small" data-testid="shop-currency">
        Currency: {shopCurrency}. It stays as set up: the catalog&apos;s prices and every order are in it.
      </p>
      <div className="keys-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save shop details'}
        </button>
        {saved && (
          <span role="status" className="muted small">
            The shop details are saved. The next receipt carries them.
          </span>
        )}
      </div>
      {failure && (
        <p role="alert" className="error-text">
          {failure}
        </p>
      )}
    </form>
  );
}
