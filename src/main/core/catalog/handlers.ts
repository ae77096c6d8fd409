/**
 * The products the clerk picks from, and the owner's catalog: adding, editing, archiving, deleting, importing and
 * exporting products. Every change takes the signed-in person's PIN again, checked here in main.
 */
import { localDay } from '#shared/local-day';
import type { TillShell } from '../app/till-shell';
import type { AuditLog } from '../db/audit-log';
import { defineHandlers } from '../ipc/handler-map';
import type { PinConfirmation } from '../staff/pin-confirmation';
import { catalogCsv } from './catalog-csv';
import { previewCatalogCsv } from './catalog-import';
import type { CatalogQueries } from './catalog-queries';
import type { CatalogStore } from './catalog-store';

export interface CatalogDeps {
  catalog: CatalogQueries;
  store: CatalogStore;
  confirm: PinConfirmation;
  audit: AuditLog;
  shell: TillShell;
  /** New products are priced in the shop's currency. */
  currency(): string;
}

export const catalogHandlers = ({ catalog, store, confirm, audit, shell, currency }: CatalogDeps) => {
  const preview = (csv: string) =>
    previewCatalogCsv(csv, currency(), {
      idOfSku: (sku) => store.idOfSku(sku),
      skuOfBarcode: (barcode) => catalog.findByBarcode(barcode)?.sku,
    });
  return defineHandlers({
    'catalog.list': (input) => catalog.list(input),
    'catalog.byBarcode': ({ barcode }) => catalog.findByBarcode(barcode),
    // A taken SKU or barcode is refused before the PIN is asked for: a bad input is refused the same way, whatever
    // the PIN.
    'catalog.add': async ({ pin, ...values }, caller) => {
      store.checkFree(values, null);
      await confirm.require(caller, pin);
      const product = store.add(values, currency());
      audit.record(caller, 'catalog.product_added', null, { sku: product.sku });
      return product;
    },
    'catalog.update': async ({ pin, id, ...values }, caller) => {
      store.checkFree(values, id);
      await confirm.require(caller, pin);
      const product = store.update(id, values);
      audit.record(caller, 'catalog.product_changed', null, { sku: product.sku });
      return product;
    },
    'catalog.archive': async ({ pin, id, archived }, caller) => {
      await confirm.require(caller, pin);
      const product = store.setArchived(id, archived);
      audit.record(caller, archived ? 'catalog.product_archived' : 'catalog.product_restored', null, {
        sku: product.sku,
      });
      return product;
    },
    'catalog.delete': async ({ pin, id }, caller) => {
      await confirm.require(caller, pin);
      const { sku } = store.get(id);
      store.delete(id);
      audit.record(caller, 'catalog.product_deleted', null, { sku });
      return { deleted: true as const };
    },
    'catalog.importPreview': ({ csv }) => preview(csv),
    'catalog.import': async ({ csv, rows, pin }, caller) => {
      await confirm.require(caller, pin);
      // Parsed and checked again here: the file the page sends is trusted no more than at the preview, and the
      // catalog may have changed since. Only rows the owner confirmed that are still valid are written.
      const confirmed = new Set(rows);
      const chosen = preview(csv).rows.filter((row) => confirmed.has(row.row));
      const result = store.importRows(chosen, currency());
      audit.record(caller, 'catalog.imported', null, result);
      return result;
    },
    'catalog.exportCsv': async () => {
      const products = catalog.all();
      const fileName = `Till-catalog-${localDay(Date.now())}.csv`;
      const saved = await shell.saveCsv(fileName, catalogCsv(products));
      return { ...saved, fileName, rows: products.length };
    },
  });
};
