import { useState } from 'react';
import type { OwnerPinStatus } from '#shared/contract';
import { fieldMessage } from '../field-message';
import { PinField } from './PinField';
import { till } from '../staff/till';

interface Props {
  status: OwnerPinStatus;
  onChanged(status: OwnerPinStatus): void;
}

/** Sets the owner PIN, or changes it (which takes the current one). Main checks and stores it; nothing here keeps it. */
export function OwnerPinForm({ status, onChanged }: Props) {
  const [pin, setPin] = useState('');
  const [currentPin, setCurrentPin] = useState('');
  const [errors, setErrors] = useState<{ pin?: string; currentPin?: string; other?: string }>({});
  const [saved, setSaved] = useState(false);

  async function save() {
    const result = await till.owner.setPin(status.set ? { pin, currentPin } : { pin });
    if (!result.ok) {
      const field = result.error.field === 'pin' || result.error.field === 'currentPin' ? result.error.field : 'other';
      setErrors({ [field]: fieldMessage(result.error) });
      setSaved(false);
      return;
    }
    setErrors({});
    setPin('');
    setCurrentPin('');
    setSaved(true);
    onChanged(result.value);
  }

  return (
    <fieldset className="owner-pin">
      <legend>{status.set ? 'Change the owner PIN' : 'Set an owner PIN'}</legend>
      {!status.set && (
        <p className="hint">
          Till asks who is at the till before anything else, and the owner has no PIN yet: set it here, then sign in
          with it.
        </p>
      )}
      <div className="field-row">
        {status.set && (
          <PinField
            id="current-pin"
            label="Current PIN"
            value={currentPin}
            error={errors.currentPin}
            onChange={setCurrentPin}
          />
        )}
        <PinField id="new-pin" label="New PIN (4 to 8 digits)" value={pin} error={errors.pin} onChange={setPin} />
      </div>
      <button type="button" className="secondary" onClick={() => void save()}>
        Save PIN
      </button>
      {saved && (
        <span role="status" className="muted small">
          {' '}
          The owner PIN is saved.
        </span>
      )}
      {errors.other && (
        <p role="alert" className="error-text">
          {errors.other}
        </p>
      )}
    </fieldset>
  );
}
