import { useState } from 'react';
import type { Settings } from '../../../shared/contract';
import { useTillQuery } from '../use-till-query';

/** The owner's payment settings: MOTO, and how Stripe's events reach Till. */
export function SettingsPanel() {
  const loaded = useTillQuery(() => window.till.settings.get(), []);
  const [saved, setSaved] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const settings = saved ?? (loaded.status === 'ready' ? loaded.value : null);

  const update = async (change: Partial<Settings>) => {
    const result = await window.till.settings.update(change);
    if (result.ok) {
      setSaved(result.value);
      setError(null);
    } else {
      setError(result.error.message);
    }
  };

  if (!settings) return null;
  return (
    <details className="panel settings">
      <summary>Payment settings</summary>
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
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </details>
  );
}
