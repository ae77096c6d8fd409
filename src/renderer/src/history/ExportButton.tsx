import { download } from './download';
import { FileAction } from './FileAction';
import type { HistoryQuery } from './history-filter';
import { till } from '../staff/till';

const ordersWord = (rows: number) => (rows === 1 ? '1 order' : `${rows} orders`);

/** Exports every order the filter matches (not only the rows on screen) as CSV. */
export function ExportButton({ filter }: { filter: HistoryQuery }) {
  return (
    <FileAction
      label="Export CSV"
      busyLabel="Exporting…"
      run={() => till.orders.exportCsv(filter)}
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
