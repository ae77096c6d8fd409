import type { HistoryQuery } from './history-filter';
import { useExport } from './use-export';

/**
 * Exports every order the filter matches (not only the rows on screen): one file with a row per order, or one
 * with a row per line. While main writes it, a bar shows how far it has got, and Cancel stops it without a file.
 */
export function ExportButton({ filter }: { filter: HistoryQuery }) {
  const { state, start, cancel } = useExport(filter);
  if (state.phase === 'running') {
    const { kind, written, total } = state;
    const what = kind === 'orders' ? 'orders' : 'lines';
    return (
      <div className="file-action export-progress">
        <label>
          <span className="small">
            {total === null
              ? `Exporting ${what}…`
              : `Exporting ${what}: ${written.toLocaleString()} of ${total.toLocaleString()}`}
          </span>
          <progress max={total ?? undefined} value={total === null ? undefined : written} />
        </label>
        <button type="button" className="secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <div className="file-action">
      <button type="button" className="secondary" onClick={() => void start('orders')}>
        Export CSV
      </button>
      <button type="button" className="secondary" onClick={() => void start('lines')}>
        Export lines (CSV)
      </button>
      {state.message && (
        <span role={state.error ? 'alert' : 'status'} className={state.error ? 'error-text' : 'muted small'}>
          {state.message}
        </span>
      )}
    </div>
  );
}
