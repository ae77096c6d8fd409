import { useState } from 'react';
import type { EndOfDay } from '#shared/contract';
import { localDay } from '#shared/local-day';
import { Shell } from '../components/Shell';
import { CloseDayForm } from '../end-of-day/CloseDayForm';
import { DayReport } from '../end-of-day/DayReport';
import { download } from '../history/download';
import { FileAction } from '../history/FileAction';
import { till } from '../staff/till';
import { useTillQuery } from '../use-till-query';

/**
 * The end of day for the owner or a manager: a day's sales, taxes, refunds and disputes, by card and by staff;
 * Stripe's fees, deposit and payouts; print, export, and close the day.
 */
export function EndOfDayPage() {
  const [today] = useState(() => localDay(Date.now()));
  const [day, setDay] = useState(today);
  const [closedNow, setClosedNow] = useState<EndOfDay | null>(null);
  const report = useTillQuery(() => till.endOfDay.get({ day }), [day]);
  const shown = closedNow?.figures.day === day ? closedNow : report.status === 'ready' ? report.value : null;

  return (
    <Shell
      title="End of day"
      actions={
        <>
          <a className="button secondary" href="#/history">
            Order history
          </a>
          <button type="button" className="secondary" onClick={() => window.print()}>
            Print
          </button>
          <FileAction
            label="Export CSV"
            busyLabel="Exporting…"
            run={() => till.endOfDay.exportCsv({ day })}
            describe={({ csv, path, fileName }) => {
              if (csv !== null) {
                download(fileName, csv);
                return `Exported ${fileName}`;
              }
              return path ? `Saved to ${path}` : null;
            }}
          />
        </>
      }
    >
      <label className="field day-picker">
        <span>Day</span>
        <input
          type="date"
          value={day}
          max={today}
          onChange={(event) => event.target.value && setDay(event.target.value)}
        />
      </label>
      {report.status === 'loading' && !shown && <p className="muted">Adding up the day…</p>}
      {report.status === 'error' && (
        <p role="alert" className="error-text">
          {report.error.message}
        </p>
      )}
      {shown && (
        <>
          <DayReport report={shown} />
          {!shown.closed && <CloseDayForm day={day} onClosed={setClosedNow} />}
        </>
      )}
    </Shell>
  );
}
