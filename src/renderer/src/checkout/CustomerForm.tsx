import { TextField } from '../components/TextField';
import type { CustomerDraft, FieldErrors } from './customer-draft';

interface Props {
  value: CustomerDraft;
  errors: FieldErrors;
  disabled: boolean;
  onChange(value: CustomerDraft): void;
}

/** The caller's details. Main validates them again; its messages land next to the same fields. */
export function CustomerForm({ value, errors, disabled, onChange }: Props) {
  const field = (name: keyof CustomerDraft, label: string, props: Record<string, unknown> = {}) => (
    <TextField
      id={name}
      name={name}
      label={label}
      value={value[name]}
      error={errors[name]}
      disabled={disabled}
      onChange={(text) => onChange({ ...value, [name]: text })}
      {...props}
    />
  );

  return (
    <fieldset className="panel customer" disabled={disabled}>
      <legend>Customer</legend>
      <div className="field-row">
        {field('name', 'Name', { autoComplete: 'off', maxLength: 100 })}
        {field('phone', 'Phone', { type: 'tel', autoComplete: 'off', maxLength: 30 })}
      </div>
      {field('email', 'Email (optional, for the receipt)', { type: 'email', autoComplete: 'off', maxLength: 254 })}
      <label className="field">
        <span>Note</span>
        <input
          name="note"
          value={value.note}
          maxLength={200}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby="note-hint"
          onChange={(event) => onChange({ ...value, note: event.target.value })}
        />
        <span id="note-hint" className="hint">
          Never write card numbers here.
        </span>
        {errors.note && (
          <span role="alert" className="error-text field-error">
            {errors.note}
          </span>
        )}
      </label>
    </fieldset>
  );
}
