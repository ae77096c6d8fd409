import { useEffect, useState } from 'react';
import { SettingsPanel } from '../components/SettingsPanel';
import { ChainWarning } from '../audit/ChainWarning';
import { Shell } from '../components/Shell';
import { EMPTY_FILTER, readFilter, type FilterDraft, type FilterErrors } from '../history/history-filter';
import { BackupButton } from '../history/BackupButton';
import { DailySalesChart } from '../history/DailySalesChart';
import { ExportButton } from '../history/ExportButton';
import { HistoryFilters } from '../history/HistoryFilters';
import { OrderDetailPanel } from '../history/OrderDetailPanel';
import { OrdersTable } from '../history/OrdersTable';
import { TotalsBar } from '../history/TotalsBar';
import { useDebounced } from '../history/use-debounced';
import { useThrottled } from '../history/use-throttled';
import { useHistoryPages } from '../history/use-history-pages';
import { fieldMessage } from '../field-message';
import { useShopCurrency } from '../app-info';
import { useTillQuery } from '../use-till-query';
import { useCan } from '../staff/signed-in-context';
import { till } from '../staff/till';

/** While orders keep changing, the window asks main again at most this often. */
const REREAD_EVERY_MS = 300;

export function HistoryPage() {
  // Re-read whenever main says an order changed (a payment, a Stripe event, reconciliation), at most every 300 ms: a
  // catch-up of Stripe events changes hundreds of orders a second, and each re-read scans the whole log.
  const [changes, setChanges] = useState(0);
  useEffect(() => till.on('orders.changed', () => setChanges((n) => n + 1)), []);
  const version = useThrottled(changes, REREAD_EVERY_MS);

  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const roster = useTillQuery(() => till.staff.roster(), []);
  const currency = useShopCurrency();
  const { filter, errors: typingErrors } = readFilter(useDebounced(draft, 250), currency);
  const filterKey = JSON.stringify(filter);

  // The rows a keyset page at a time as the owner scrolls; the totals and chart once per filter, beside them.
  const { first: page, orders, hasMore, loadMore } = useHistoryPages(filter, filterKey, version);
  const summary = useTillQuery(() => till.orders.totals(filter), [filterKey, version]);
  // Main checks the filter again; what it refuses is shown next to the field it names.
  const errors: FilterErrors = { ...typingErrors };
  if (page.status === 'error' && page.error.field && page.error.field in EMPTY_FILTER) {
    errors[page.error.field as keyof FilterDraft] = fieldMessage(page.error);
  }
  const filtered = filterKey !== '{}';
  // A manager sees the history but not the owner's settings or backups; main refuses those to them anyway.
  const can = {
    catalog: useCan('catalog'),
    staff: useCan('staff'),
    audit: useCan('audit'),
    endOfDay: useCan('endOfDay'),
    export: useCan('export'),
    backup: useCan('backup'),
    settings: useCan('settings'),
  };

  return (
    <Shell
      title="Order history"
      actions={
        <>
          {can.catalog && (
            <a className="button secondary" href="#/catalog">
              Catalog
            </a>
          )}
          {can.staff && (
            <a className="button secondary" href="#/staff">
              Staff
            </a>
          )}
          {can.audit && (
            <a className="button secondary" href="#/audit">
              Audit log
            </a>
          )}
          {can.endOfDay && (
            <a className="button secondary" href="#/end-of-day">
              End of day
            </a>
          )}
          {can.export && <ExportButton filter={filter} />}
          {can.backup && <BackupButton />}
        </>
      }
    >
      {can.audit && <ChainWarning />}
      {can.settings && <SettingsPanel />}
      <HistoryFilters
        value={draft}
        errors={errors}
        onChange={setDraft}
        staff={roster.status === 'ready' ? roster.value : []}
      />
      {page.status === 'loading' && <p className="muted">Loading orders…</p>}
      {page.status === 'error' && !page.error.field && (
        <p role="alert" className="error-text">
          {page.error.message}
        </p>
      )}
      {page.status === 'ready' && (
        <>
          {summary.status === 'ready' && (
            <>
              <TotalsBar totals={summary.value.totals} />
              {summary.value.daily && <DailySalesChart daily={summary.value.daily} />}
            </>
          )}
          {orders.length === 0 ? (
            <div className="empty-state">
              {filtered ? (
                <>
                  <h2>No orders match</h2>
                  <p>Try fewer words, another status or a wider range of dates.</p>
                  <button type="button" className="secondary" onClick={() => setDraft(EMPTY_FILTER)}>
                    Clear the filter
                  </button>
                </>
              ) : (
                <>
                  <h2>No orders yet</h2>
                  <p>Orders taken at Checkout appear here, newest first, with their payment status.</p>
                </>
              )}
            </div>
          ) : (
            <div className={selectedId ? 'history-grid with-detail' : 'history-grid'}>
              <div>
                <OrdersTable
                  orders={orders}
                  selectedId={selectedId}
                  onSelect={setSelectedId}
                  hasMore={hasMore}
                  onNearEnd={loadMore}
                />
              </div>
              {selectedId && (
                <OrderDetailPanel orderId={selectedId} version={version} onClose={() => setSelectedId(null)} />
              )}
            </div>
          )}
        </>
      )}
    </Shell>
  );
}
