import { useState } from 'react';
import type { OwnerPinStatus, Settings } from '#shared/contract';
import { fieldMessage } from '../field-message';
import { useTillQuery } from '../use-till-query';
import { BackupSettings } from './BackupSettings';
import { OwnerPinForm } from './OwnerPinForm';
import { PinField } from './PinField';
import { LinkSettings } from './LinkSettings';
import { ShopDetailsForm } from './ShopDetailsForm';
import { StripeKeysForm } from './StripeKeysForm';
import { useCan, useSignedIn } from '../staff/signed-in-context';
import { till } from '../staff/till';

/** The auto-lock times offered; main takes any whole number of minutes from 1 to 240. */
const LOCK_CHOICES = [1, 2, 5, 10, 15, 30, 60, 120, 240];

/**
 * The owner's payment settings: MOTO, how Stripe's events reach Till, the shop's details as receipts print them, and
 * the Stripe keys. Each change takes the signed-in owner's PIN again (main checks it).
 */
export function SettingsPanel() {
  const loaded = useTillQuery(() => till.settings.get(), []);
  const loadedPin = useTillQuery(() => till.owner.pinStatus(), []);
  const canChangeKeys = useCan('keys');
  const canBackUp = useCan('backup');
  const signedIn = useSignedIn();
  const [saved, setSaved] = useState<Settings | null>(null);
  const [pinStatus, setPinStatus] = useState<OwnerPinStatus | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<{ message: string; onPin: boolean; field?: string } | null>(null);
  const settings = saved ?? (loaded.status === 'ready' ? loaded.value : null);
  const owner = pinStatus ?? (loadedPin.status === 'ready' ? loadedPin.value : null);

  const update = async (change: Partial<Settings>) => {
    const result = await till.settings.update(owner?.set ? { ...change, pin } : change);
    if (result.ok) {
      setSaved(result.value);
      setError(null);
      // The page's own lock timer follows a new auto-lock time at once.
      if (change.autoLockMinutes !== undefined) signedIn?.refresh();
    } else {
      setError({ message: fieldMessage(result.error), onPin: result.error.field === 'pin', field: result.error.field });
    }
  };

  if (!settings || !owner) return null;
  return (
    <details className="panel settings">
      <summary>
        Payment settings
        {/* Closed, the panel still says what it holds: an owner looking for the shop's address finds it here. */}
        <span className="settings-contents"> · shop details, Stripe keys, backups, owner PIN</span>
      </summary>
      {owner.set && (
        <PinField
          id="owner-pin"
          className="settings-pin"
          label="Your PIN, to change these settings"
          value={pin}
          error={error?.onPin ? error.message : undefined}
          onChange={setPin}
        />
      )}
      {/* Three columns on a wide window (one on a narrow one), so the owner sees the settings without scrolling
          past the history: the counter's own, the shop's details as printed, and the keys, backups and PIN. */}
      <div className="settings-columns">
        <div className="settings-column">
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
          <label className="field">
            <span>Lock Till when nobody has used it for</span>
            <select
              aria-label="Auto-lock"
              value={settings.autoLockMinutes}
              onChange={(event) => void update({ autoLockMinutes: Number(event.target.value) })}
            >
              {[...new Set([...LOCK_CHOICES, settings.autoLockMinutes])]
                .sort((a, b) => a - b)
                .map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {minutes === 1 ? '1 minute' : `${minutes} minutes`}
                  </option>
                ))}
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.checkForUpdates}
              onChange={(event) => void update({ checkForUpdates: event.target.checked })}
            />
            Check for updates. The desktop app looks for a new Till on start and once a day, downloads it, and asks
            before restarting — never during a payment.
          </label>
          <LinkSettings
            settings={settings}
            error={error?.field === 'linkReturnUrl' ? error.message : null}
            onSave={(change) => void update(change)}
          />
          {error && !error.onPin && error.field !== 'linkReturnUrl' && (
            <p role="alert" className="error-text">
              {error.message}
            </p>
          )}
        </div>
        <div className="settings-column">
          <ShopDetailsForm
            pin={pin}
            onPinError={(message) => setError(message === null ? null : { message, onPin: true })}
          />
        </div>
        <div className="settings-column">
          {canChangeKeys && <StripeKeysForm pin={pin} />}
          {canBackUp && <BackupSettings pin={pin} />}
          <OwnerPinForm status={owner} onChanged={setPinStatus} />
        </div>
      </div>
    </details>
  );
}
