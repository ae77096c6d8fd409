import { useState, type FormEvent } from 'react';
import type { TaxClass } from '#shared/contract';
import { parseAmount } from './money-input';

/** A line for something not in the catalog: a description and an amount (before tax). */
export function QuickChargeForm({
  onAdd,
  disabled,
  currency,
}: {
  onAdd(description: string, unitPrice: number, taxClass: TaxClass): void;
  disabled: boolean;
  /** The shop's: what the amount typed is counted in. */
  currency: string;
}) {
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [taxClass, setTaxClass] = useState<TaxClass>('standard');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minor = parseAmount(amount, currency);
    if (!description.trim()) return setError('Describe what the charge is for.');
    if (minor === null || minor <= 0) return setError('Enter an amount such as 25 or 25.50.');
    onAdd(description.trim(), minor, taxClass);
    setDescription('');
    setAmount('');
    setError(null);
  };

  return (
    <form className="quick-charge" onSubmit={submit} aria-label="Quick charge">
      <input
        aria-label="Quick charge description"
        placeholder="Quick charge: description"
        maxLength={120}
        value={description}
        disabled={disabled}
        onChange={(event) => setDescription(event.target.value)}
      />
      <input
        aria-label="Quick charge amount"
        placeholder="Amount"
        inputMode="decimal"
        className="amount"
        value={amount}
        disabled={disabled}
        onChange={(event) => setAmount(event.target.value)}
      />
      <select
        aria-label="Quick charge tax"
        value={taxClass}
        disabled={disabled}
        onChange={(event) => setTaxClass(event.target.value as TaxClass)}
      >
        {/* The classes, not their taxes: what each charges is the shop's own, from set-up. */}
        <option value="standard">Standard tax</option>
        <option value="gst_only">Reduced tax</option>
        <option value="zero_rated">No tax</option>
      </select>
      <button type="submit" disabled={disabled}>
        Add
      </button>
      {error && (
        <p role="alert" className="error-text field-error">
          {error}
        </p>
      )}
    </form>
  );
}
