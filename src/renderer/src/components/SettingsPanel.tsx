import { useState } from 'react';
import type { OwnerPinStatus, Settings } from '#shared/contract';
import { fieldMessage } from '../field-message';
import { useTillQuery } from '../use-till-query';
import { OwnerPinForm } from './OwnerPinForm';
import { PinField } from './PinField';
import { ShopDetailsForm } from './ShopDetailsForm';
import { StripeKeysForm } from './StripeKeysForm';
import { useCan } from '../staff/signed-in-context';
import { till } from '../staff/till';

/**
 * The owner's payment settings: MOTO, how Stripe's events reach Till, the shop's details as receipts print them, and
 * the Stripe keys. Each change takes the signed-in owner's PIN again (main checks it).
 */
export function SettingsPanel() {
  const loaded = useTillQuery(() => till.settings.get(), []);
  const loadedPin = useTillQuery(() => till.owner.pinStatus(), []);
  const canChangeKeys = useCan('keys');
  const [saved, setSaved] = useState<Settings | null>(null);
  const [pinStatus, setPinStatus] = useState<OwnerPinStatus | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<{ message: string; onPin: boolean } | null>(null);
  const settings = saved ?? (loaded.status === 'ready' ? loaded.value : null);
  const owner = pinStatus ?? (loadedPin.status === 'ready' ? loadedPin.value : null);

  const update = async (change: Partial<Settings>) => {
    const result = await till.settings.update(owner?.set ? { ...change, pin } : change);
    if (result.ok) {
      setSaved(result.value);
      setError(null);
    } else {
      setError({ message: fieldMessage(result.error), onPin: result.error.field === 'pin' });
    }
  };

  if (!settings || !owner) return null;
  return (
    <details className="panel settings">
      <summary>Payment settings</summary>
      {owner.set && (
        <PinField
          id="owner-pin"
          label="Your PIN, to change these settings"
          value={pin}
          error={error?.onPin ? error.message : undefined}
          onChange={setPin}
        />
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={settings.motoEnabled}
          onChange={(event) => void update({ motoEnabled: event.target.checked })}
        />
        Mark phone payments as MOTO (mail/telephone order). Stripe must enable MOTO on your account first.
      </label>
      <label className="field">
        <span>Stripe events reach Till through</span>
        <select
          aria-label="Event source"
          value={settings.eventSource}
          onChange={(event) => void update({ eventSource: event.target.value as Settings['eventSource'] })}
        >
          <option value="events_api">Stripe's Events API (works on any PC)</option>
          <option value="stripe_cli">The Stripe CLI (stripe listen)</option>
        </select>
      </label>
      {error && !error.onPin && (
        <p role="alert" className="error-text">
          {error.message}
        </p>
      )}
      <ShopDetailsForm
        pin={pin}
        onPinError={(message) => setError(message === null ? null : { message, onPin: true })}
      />
      {canChangeKeys && <StripeKeysForm pin={pin} />}
      <OwnerPinForm status={owner} onChanged={setPinStatus} />
    </details>
  );
}
