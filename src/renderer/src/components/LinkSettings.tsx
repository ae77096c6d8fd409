import { useState } from 'react';
import type { Settings } from '#shared/contract';

/**
 * Pay-by-link's two settings: how long a link can be paid, and the shop's web page Stripe sends the customer to
 * after paying (Stripe's page needs one, and a till on a shop PC has none of its own).
 */
export function LinkSettings({
  settings,
  error,
  onSave,
}: {
  settings: Settings;
  error: string | null;
  onSave(change: Partial<Settings>): void;
}) {
  const [url, setUrl] = useState(settings.linkReturnUrl ?? '');
  return (
    <fieldset className="link-settings">
      <legend>Payment links</legend>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSave({ linkReturnUrl: url.trim() === '' ? null : url.trim() });
        }}
      >
        <label className="field">
          <span>Your shop's web page, where Stripe sends a customer who paid</span>
          <input
            type="url"
            value={url}
            placeholder="https://myshop.ca/thank-you"
            aria-invalid={error ? true : undefined}
            onChange={(event) => setUrl(event.target.value)}
          />
          {error && (
            <span role="alert" className="error-text field-error">
              {error}
            </span>
          )}
        </label>
        <button type="submit" className="secondary">
          Save the web page
        </button>
      </form>
      <label className="field">
        <span>A link can be paid for</span>
        <select
          aria-label="Link lifetime"
          value={settings.linkMinutes}
          onChange={(event) => onSave({ linkMinutes: Number(event.target.value) })}
        >
          {[...new Set([30, 60, 120, 240, 720, 1440, settings.linkMinutes])]
            .sort((a, b) => a - b)
            .map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes < 60 ? `${minutes} minutes` : minutes === 60 ? '1 hour' : `${minutes / 60} hours`}
              </option>
            ))}
        </select>
      </label>
    </fieldset>
  );
}
