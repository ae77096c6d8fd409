import { FileAction } from './FileAction';
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

const ordersWord = (rows: number) => (rows === 1 ? '1 order' : `${rows} orders`);

/** Exports every order the filter matches (not only the rows on screen) as CSV. */
export function ExportButton({ filter }: { filter: HistoryQuery }) {
  return (
    <FileAction
      label="Export CSV"
      busyLabel="Exporting…"
      run={() => window.till.orders.exportCsv(filter)}
      describe={({ csv, path, rows, fileName }) => {
        if (csv !== null) {
          download(fileName, csv);
          return `Exported ${ordersWord(rows)} to ${fileName}`;
        }
        return path ? `Saved ${ordersWord(rows)} to ${path}` : null;
      }}
    />
  );
}
