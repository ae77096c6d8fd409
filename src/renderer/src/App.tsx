import { lazy, Suspense } from 'react';
import { Redirect, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { AppInfoProvider } from './app-info';
import { CheckoutPage } from './checkout/CheckoutPage';
import { SetupGate } from './setup/SetupGate';
import { RequirePermission } from './staff/RequirePermission';
import { StaffGate } from './staff/StaffGate';

/** The owner's window, with its chart library, loads only there: the Checkout window stays as small as it was. */
const HistoryPage = lazy(() => import('./pages/HistoryPage').then((module) => ({ default: module.HistoryPage })));

/** The owner's catalog, in the owner's window (reached from the history's header). */
const CatalogPage = lazy(() => import('./pages/CatalogPage').then((module) => ({ default: module.CatalogPage })));

/** The owner's staff list and audit log, in the owner's window (reached from the history's header). */
const StaffPage = lazy(() => import('./pages/StaffPage').then((module) => ({ default: module.StaffPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((module) => ({ default: module.AuditPage })));

/** Hash routes, because both windows load the same index.html: #/checkout, #/history, #/catalog, #/staff, #/audit. */
export function App() {
  return (
    <AppInfoProvider>
      <SetupGate>
        <StaffGate>
          <Router hook={useHashLocation}>
            <Switch>
              <Route path="/checkout" component={CheckoutPage} />
              <Route path="/history">
                <RequirePermission permission="openHistory" title="Order history">
                  <Suspense fallback={<p className="muted">Loading the order history…</p>}>
                    <HistoryPage />
                  </Suspense>
                </RequirePermission>
              </Route>
              <Route path="/catalog">
                <RequirePermission permission="catalog" title="Catalog">
                  <Suspense fallback={<p className="muted">Loading the catalog…</p>}>
                    <CatalogPage />
                  </Suspense>
                </RequirePermission>
              </Route>
              <Route path="/staff">
                <RequirePermission permission="staff" title="Staff">
                  <Suspense fallback={<p className="muted">Loading the staff list…</p>}>
                    <StaffPage />
                  </Suspense>
                </RequirePermission>
              </Route>
              <Route path="/audit">
                <RequirePermission permission="audit" title="Audit log">
                  <Suspense fallback={<p className="muted">Loading the audit log…</p>}>
                    <AuditPage />
                  </Suspense>
                </RequirePermission>
              </Route>
              <Route>
                <Redirect to="/checkout" />
              </Route>
            </Switch>
          </Router>
        </StaffGate>
      </SetupGate>
    </AppInfoProvider>
  );
}
