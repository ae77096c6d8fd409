import { useState, type ChangeEvent } from 'react';
import type { CatalogImportPreview } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { TAX_CLASS_LABEL } from '../tax-class-labels';
import { otherThanPin, type OwnerAccess } from './owner-access';
import { till } from '../staff/till';

/** What main accepts (it checks again): larger files are refused here before they are read. */
const MOST_BYTES = 1_000_000;
const productsWord = (count: number) => (count === 1 ? '1 product' : `${count} products`);

interface Loaded {
  fileName: string;
  csv: string;
  preview: CatalogImportPreview;
  chosen: Set<number>;
}

/**
 * Imports products from a CSV file: main reads and checks the file and answers a preview — each valid row, and each
 * bad one in words — and writes only the rows the owner leaves ticked, all at once, when the owner confirms.
 */
export function CatalogImport({ access, onImported }: { access: OwnerAccess; onImported(): void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be chosen again after fixing it
    setLoaded(null);
    if (!file) return;
    if (file.size > MOST_BYTES) {
      setMessage({ text: `${file.name} is larger than 1 MB. Split it into smaller files.`, error: true });
      return;
    }
    const csv = await file.text();
    const result = await till.catalog.importPreview({ csv });
    if (!result.ok) {
      setMessage({ text: result.error.message, error: true });
      return;
    }
    setMessage(null);
    setLoaded({
      fileName: file.name,
      csv,
      preview: result.value,
      chosen: new Set(result.value.rows.map((r) => r.row)),
    });
  }

  async function confirm() {
    if (!loaded) return;
    setBusy(true);
    const result = await till.catalog.import({ csv: loaded.csv, rows: [...loaded.chosen], pin: access.pin });
    setBusy(false);
    if (!result.ok) {
      if (otherThanPin(result.error, access)) setMessage({ text: result.error.message, error: true });
      return;
    }
    setLoaded(null);
    setMessage({ text: `Imported: ${result.value.added} added, ${result.value.updated} changed.`, error: false });
    onImported();
  }

  const toggle = (row: number) =>
    setLoaded((before) => {
      if (!before) return before;
      const chosen = new Set(before.chosen);
      if (chosen.has(row)) chosen.delete(row);
      else chosen.add(row);
      return { ...before, chosen };
    });

  return (
    <section className="panel catalog-import" aria-labelledby="catalog-import-heading">
      <h2 id="catalog-import-heading">Import from a spreadsheet</h2>
      <p className="muted small">
        A CSV file with the columns SKU, Name, Price and Tax class (standard, gst_only or zero_rated), and optionally
        Barcode, Description and Archived. A row whose SKU is already in the catalog changes that product. Export the
        catalog for a file to start from.
      </p>
      <label className="field">
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv" onChange={(event) => void choose(event)} />
      </label>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'success-text'}>
          {message.text}
        </p>
      )}
      {loaded && (
        <div className="import-preview">
          <h3>
            {loaded.fileName}: {productsWord(loaded.preview.rows.length)} ready
            {loaded.preview.errors.length > 0 &&
              `, ${loaded.preview.errors.length} ${loaded.preview.errors.length === 1 ? 'problem' : 'problems'}`}
          </h3>
          {loaded.preview.errors.length > 0 && (
            <>
              <p className="small">These rows will not be imported. Fix them in the file and choose it again.</p>
              <ul className="import-errors" aria-label="Rows with errors">
                {loaded.preview.errors.map((error, index) => (
                  <li key={index} className="error-text">
                    {error.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          {loaded.preview.rows.length > 0 && (
            <table className="orders-table" aria-label="Rows to import">
              <thead>
                <tr>
                  <th scope="col">Import</th>
                  <th scope="col">Row</th>
                  <th scope="col">Name</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Barcode</th>
                  <th scope="col">Tax</th>
                  <th scope="col" className="numeric">
                    Price
                  </th>
                </tr>
              </thead>
              <tbody>
                {loaded.preview.rows.map((row) => (
                  <tr key={row.row}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Import row ${row.row}, ${row.name}`}
                        checked={loaded.chosen.has(row.row)}
                        onChange={() => toggle(row.row)}
                      />
                    </td>
                    <td>{row.row}</td>
                    <td>
                      {row.name}
                      <div className="muted small">
                        {row.action === 'update' ? `Changes ${row.sku}` : 'New product'}
                        {row.archived ? ', archived' : ''}
                      </div>
                    </td>
                    <td>{row.sku}</td>
                    <td>{row.barcode ?? ''}</td>
                    <td>{TAX_CLASS_LABEL[row.taxClass]}</td>
                    <td className="numeric">{formatMoney(row.unitPrice, loaded.preview.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="actions">
            <button type="button" disabled={busy || loaded.chosen.size === 0} onClick={() => void confirm()}>
              Import {productsWord(loaded.chosen.size)}
            </button>
            <button type="button" className="secondary" onClick={() => setLoaded(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
