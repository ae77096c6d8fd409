import { download } from '../history/download';
import { FileAction } from '../history/FileAction';
import { till } from '../staff/till';

const productsWord = (rows: number) => (rows === 1 ? '1 product' : `${rows} products`);

/** Exports every product, archived ones too, as a CSV the import reads back. */
export function CatalogExportButton() {
  return (
    <FileAction
      label="Export CSV"
      busyLabel="Exporting…"
      run={() => till.catalog.exportCsv()}
      describe={({ csv, path, rows, fileName }) => {
        if (csv !== null) {
          download(fileName, csv);
          return `Exported ${productsWord(rows)} to ${fileName}`;
        }
        return path ? `Saved ${productsWord(rows)} to ${path}` : null;
      }}
    />
  );
}
