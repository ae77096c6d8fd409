import { useState } from 'react';
import type { HistoryQuery } from './history-filter';

/** Hands a file main made to the browser as a download (the browser preview, where main cannot save files). */
function download(fileName: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Exports every order the filter matches (not only the rows on screen) as CSV. */
export function ExportButton({ filter }: { filter: HistoryQuery }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({
    busy: false,
    message: null,
    error: false,
  });
  async function exportCsv() {
    setState({ busy: true, message: null, error: false });
    const result = await window.till.orders.exportCsv(filter);
    if (!result.ok) return setState({ busy: false, message: result.error.message, error: true });
    const { csv, path, rows, fileName } = result.value;
    if (csv !== null) download(fileName, csv);
    const orders = rows === 1 ? '1 order' : `${rows} orders`;
    setState({
      busy: false,
      error: false,
      message: path ? `Saved ${orders} to ${path}` : csv !== null ? `Exported ${orders} to ${fileName}` : null,
    });
  }
  return (
    <div className="export">
      <button type="button" className="secondary" disabled={state.busy} onClick={() => void exportCsv()}>
        {state.busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {state.message && (
        <span role={state.error ? 'alert' : 'status'} className={state.error ? 'error-text' : 'muted small'}>
          {state.message}
        </span>
      )}
    </div>
  );
}
