import { lazy, Suspense, type ReactNode } from 'react';
import type { Permission } from '#shared/permissions';
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
/** The end of day, for the owner and managers (reached from the history's header). */
const EndOfDayPage = lazy(() => import('./pages/EndOfDayPage').then((module) => ({ default: module.EndOfDayPage })));

/** A page of the owner's window: loaded when first opened, and only for a role that may use it. */
function OwnerPage({
  permission,
  title,
  loading,
  children,
}: {
  permission: Permission;
  title: string;
  loading: string;
  children: ReactNode;
}) {
  return (
    <RequirePermission permission={permission} title={title}>
      <Suspense fallback={<p className="muted">{loading}</p>}>{children}</Suspense>
    </RequirePermission>
  );
}

/** Hash routes, because both windows load the same index.html: #/checkout, #/history, #/catalog, #/staff, #/audit,
 * #/end-of-day. */
export function App() {
  return (
    <AppInfoProvider>
      <SetupGate>
        <StaffGate>
          <Router hook={useHashLocation}>
            <Switch>
              <Route path="/checkout" component={CheckoutPage} />
              <Route path="/history">
                <OwnerPage permission="openHistory" title="Order history" loading="Loading the order history…">
                  <HistoryPage />
                </OwnerPage>
              </Route>
              <Route path="/catalog">
                <OwnerPage permission="catalog" title="Catalog" loading="Loading the catalog…">
                  <CatalogPage />
                </OwnerPage>
              </Route>
              <Route path="/staff">
                <OwnerPage permission="staff" title="Staff" loading="Loading the staff list…">
                  <StaffPage />
                </OwnerPage>
              </Route>
              <Route path="/audit">
                <OwnerPage permission="audit" title="Audit log" loading="Loading the audit log…">
                  <AuditPage />
                </OwnerPage>
              </Route>
              <Route path="/end-of-day">
                <OwnerPage permission="endOfDay" title="End of day" loading="Loading the end of day…">
                  <EndOfDayPage />
                </OwnerPage>
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
