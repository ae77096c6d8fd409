import { useState } from 'react';
import type { EndOfDay } from '#shared/contract';
import { localDay } from '#shared/local-day';
import { till } from '../staff/till';

/** Closing the day: the figures are kept as they are now, with the signed-in person's own PIN. */
export function CloseDayForm({ day, onClosed }: { day: string; onClosed(report: EndOfDay): void }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The day the form opened on: read once, not on every render (a render must not read the clock).
  const [today] = useState(() => localDay(Date.now()));
  async function close() {
    setBusy(true);
    const result = await till.endOfDay.close({ day, pin });
    setBusy(false);
    setPin('');
    if (!result.ok) return setError(result.error.message);
    setError(null);
    onClosed(result.value);
  }
  return (
    <form
      className="close-day"
      aria-label="Close the day"
      onSubmit={(event) => {
        event.preventDefault();
        void close();
      }}
    >
      <label className="field">
        <span>Your PIN, to close the day</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(event) => setPin(event.target.value)}
        />
      </label>
      {day === today && (
        // Closing keeps the figures as they are now: an owner closing at noon should know what the rest of the day does.
        <p className="muted small">
          Today is not over: orders and refunds after you close it will show as changes since closing.
        </p>
      )}
      <button type="submit" disabled={busy || pin.length === 0}>
        {busy ? 'Closing…' : 'Close the day'}
      </button>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </form>
  );
}
