import { lazy, Suspense } from 'react';
import { Redirect, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { AppInfoProvider } from './app-info';
import { CheckoutPage } from './checkout/CheckoutPage';
import { SetupGate } from './setup/SetupGate';

/** The owner's window, with its chart library, loads only there: the Checkout window stays as small as it was. */
const HistoryPage = lazy(() => import('./pages/HistoryPage').then((module) => ({ default: module.HistoryPage })));

/** The owner's catalog, in the owner's window (reached from the history's header). */
const CatalogPage = lazy(() => import('./pages/CatalogPage').then((module) => ({ default: module.CatalogPage })));

/** Hash routes, because both windows load the same index.html: #/checkout, #/history and #/catalog. */
export function App() {
  return (
    <AppInfoProvider>
      <SetupGate>
        <Router hook={useHashLocation}>
          <Switch>
            <Route path="/checkout" component={CheckoutPage} />
            <Route path="/history">
              <Suspense fallback={<p className="muted">Loading the order history…</p>}>
                <HistoryPage />
              </Suspense>
            </Route>
            <Route path="/catalog">
              <Suspense fallback={<p className="muted">Loading the catalog…</p>}>
                <CatalogPage />
              </Suspense>
            </Route>
            <Route>
              <Redirect to="/checkout" />
            </Route>
          </Switch>
        </Router>
      </SetupGate>
    </AppInfoProvider>
  );
}
