import type { InputHTMLAttributes } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  /** Names the input and its error message's id (`${id}-error`). */
  id: string;
  label: string;
  value: string;
  /** Shown under the input and announced; main's messages for the same field land here too. */
  error?: string;
  onChange(value: string): void;
}

/** A labelled input with its error message tied to it, as every form in Till shows one. */
export function TextField({ id, label, value, error, onChange, className, ...input }: Props) {
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span>{label}</span>
      <input
        {...input}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <span id={`${id}-error`} role="alert" className="error-text field-error">
          {error}
        </span>
      )}
    </label>
  );
}
