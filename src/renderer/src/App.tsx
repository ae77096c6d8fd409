import { Redirect, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { AppInfoProvider } from './app-info';
import { CheckoutPage } from './checkout/CheckoutPage';
import { HistoryPage } from './pages/HistoryPage';

/** Hash routes, because both windows load the same index.html: #/checkout and #/history. */
export function App() {
  return (
    <AppInfoProvider>
      <Router hook={useHashLocation}>
        <Switch>
          <Route path="/checkout" component={CheckoutPage} />
          <Route path="/history" component={HistoryPage} />
          <Route>
            <Redirect to="/checkout" />
          </Route>
        </Switch>
      </Router>
    </AppInfoProvider>
  );
}
