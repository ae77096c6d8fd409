import { Suspense, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { PaymentOutcome } from '#shared/contract';
import { formatMoney } from '#shared/money';
import type { Result } from '#shared/result';
import { timeOrderedId } from '#shared/time-ordered-id';
import { Shell } from '../components/Shell';
import { useTillQuery } from '../use-till-query';
import { CartPanel } from './CartPanel';
import { CatalogPanel } from './CatalogPanel';
import { clearDraft, loadDraft, saveDraft } from './checkout-draft';
import {
  checkoutReducer,
  detailsEditable,
  initialCheckout,
  itemsEditable,
  keepsDraft,
  resumedCheckout,
  type CheckoutEvent,
} from './checkout-machine';
import { CustomerForm } from './CustomerForm';
import { CardPayment, Receipt, ReceiptActions } from './lazy-payment-step';
import { PaymentActions } from './PaymentActions';
import { QuickChargeForm } from './QuickChargeForm';
import { useCart } from './use-cart';
import { useQuote } from './use-quote';
import { useCan } from '../staff/signed-in-context';
import { till } from '../staff/till';

const answerOf = (result: Result<PaymentOutcome>): CheckoutEvent =>
  result.ok ? { type: 'answered', outcome: result.value } : { type: 'refused', error: result.error };

async function openHistory() {
  const result = await till.window.openHistory();
  // The browser preview cannot open a desktop window; it answers with the page to open instead.
  if (result.ok && result.value.url) window.open(result.value.url, '_blank', 'noopener');
}

/** Where a new order starts: the catalog's search box (CatalogPanel owns it; this only moves the focus there). */
const focusCatalogSearch = () =>
  document.querySelector<HTMLInputElement>('.catalog input[type="search"]')?.focus({ preventScroll: true });

export function CheckoutPage() {
  const config = useTillQuery(() => till.checkout.config(), []);
  const canOpenHistory = useCan('openHistory');
  // The card form loads once the catalog has answered (lazy-payment-step.ts): the page shows the catalog first, and
  // the card form's code, Stripe.js and its iframe start when the page is next idle, after the catalog has painted.
  const [catalogSettled, setCatalogSettled] = useState(false);
  const onCatalogSettled = useCallback(() => {
    requestIdleCallback(() => setCatalogSettled(true), { timeout: 300 });
  }, []);
  const currency = config.status === 'ready' ? config.value.currency : 'CAD';

  // A reload of the window resumes the order being taken (checkout-draft.ts); read once, on the first render.
  const [draft] = useState(loadDraft);
  const cart = useCart(draft?.lines);
  const { quote, error: quoteError } = useQuote(cart.cart);
  // The order's id is made here, so that a retried payment names the same order; time-ordered (time-ordered-id.ts).
  const [state, dispatch] = useReducer(checkoutReducer, undefined, () =>
    draft ? resumedCheckout(draft) : initialCheckout(timeOrderedId()),
  );
  const { order, phase } = state;
  const locked = !itemsEditable(state); // while a card is being charged, and after, the items are fixed

  useEffect(() => {
    if (keepsDraft(state))
      saveDraft({ checkoutId: state.checkoutId, order, customer: state.customer, lines: cart.lines });
    else clearDraft();
  }, [state, order, cart.lines]);

  // A new order starts in the catalog's search box, ready for the next caller's first item.
  const firstOrder = useRef(state.checkoutId);
  useEffect(() => {
    if (state.checkoutId !== firstOrder.current) focusCatalogSearch();
  }, [state.checkoutId]);

  const newOrder = useCallback(() => {
    cart.clear();
    dispatch({ type: 'new_order', checkoutId: timeOrderedId() });
  }, [cart]);

  const checkAgain = useCallback(async () => {
    if (!order) return;
    dispatch({ type: 'check_started' });
    dispatch(answerOf(await till.checkout.refresh({ orderId: order.id })));
  }, [order]);

  const cancelOrder = useCallback(async () => {
    if (!order) return newOrder();
    dispatch({ type: 'check_started' });
    const result = await till.checkout.cancel({ orderId: order.id });
    // Canceled (or already canceled): start afresh. Paid meanwhile: show the receipt instead.
    if (result.ok && result.value.status !== 'paid') newOrder();
    else dispatch(answerOf(result));
  }, [order, newOrder]);

  // Keyboard: Ctrl+↑ / Ctrl+↓ change the quantity of the last line (F9 and Ctrl+Enter pay: see PaymentPanel).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        const last = cart.lines.at(-1);
        if (!last || last.kind !== 'product' || locked) return;
        event.preventDefault();
        cart.setQuantity(last.key, last.quantity + (event.key === 'ArrowUp' ? 1 : -1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cart, locked]);

  const total = quote ? formatMoney(quote.total, currency) : null;
  const paymentPending = (
    <PaymentActions
      state={state}
      total={total}
      payable={false}
      onPay={() => undefined}
      onCancel={cancelOrder}
      onCheckAgain={checkAgain}
    />
  );

  return (
    <Shell
      title="Checkout"
      actions={
        canOpenHistory && (
          <button type="button" className="secondary" onClick={openHistory}>
            Order history
          </button>
        )
      }
    >
      {/* Three columns, each scrolling inside itself, so the card form and Pay never leave the screen. */}
      <div className="checkout-grid">
        <div className="checkout-column">
          <CatalogPanel onAdd={cart.add} disabled={locked} onSettled={onCatalogSettled} />
        </div>
        {phase.name === 'paid' ? (
          <section className="panel paid checkout-column checkout-wide" aria-label="Payment complete">
            <p role="status" className="success-text">
              {state.notice?.text}
            </p>
            {/* The payment step's chunk is loaded by now (a payment needed it): these show at once. */}
            <Suspense fallback={null}>{phase.receipt && <Receipt order={phase.receipt} />}</Suspense>
            <div className="actions">
              <Suspense fallback={null}>
                <ReceiptActions orderId={state.checkoutId} />
              </Suspense>
              <button type="button" onClick={newOrder} autoFocus>
                New order
              </button>
            </div>
          </section>
        ) : (
          <>
            <div className="checkout-column checkout-side">
              {order && (
                <p className="order-banner">
                  Order #{order.number}
                  {locked ? ' — items fixed while taking payment' : ' — items can still change'}
                </p>
              )}
              <CartPanel
                lines={cart.lines}
                quote={quote}
                quoteError={quoteError}
                currency={currency}
                locked={locked}
                onQuantity={cart.setQuantity}
                onRemove={cart.remove}
              />
              <QuickChargeForm onAdd={cart.addCustom} disabled={locked} currency={currency} />
              <CustomerForm
                value={state.customer}
                errors={state.errors}
                disabled={!detailsEditable(state)}
                onChange={(customer) => dispatch({ type: 'customer_changed', customer })}
              />
            </div>
            <div className="checkout-column">
              <section className="panel payment" aria-labelledby="payment-heading">
                <h2 id="payment-heading">Card</h2>
                {total && (
                  <p className="payment-total">
                    Total <strong>{total}</strong>
                  </p>
                )}
                {config.status === 'ready' && catalogSettled ? (
                  // Until the card form's code arrives, the same disabled actions as before the config answered.
                  <Suspense fallback={paymentPending}>
                    <CardPayment
                      config={config.value}
                      state={state}
                      dispatch={dispatch}
                      cart={quote ? cart.cart : null}
                      amount={quote?.total ?? null}
                      total={total}
                      onCancel={cancelOrder}
                      onCheckAgain={checkAgain}
                    />
                  </Suspense>
                ) : (
                  <>
                    {config.status === 'error' && (
                      <p role="alert" className="error-text">
                        {config.error.message}
                      </p>
                    )}
                    {paymentPending}
                  </>
                )}
              </section>
            </div>
          </>
        )}
      </div>
      <p className="keyboard-help" aria-label="Keyboard shortcuts">
        <kbd>F2</kbd> search · <kbd>↑</kbd>
        <kbd>↓</kbd> choose · <kbd>Enter</kbd> add · <kbd>Ctrl</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> quantity of last item ·{' '}
        <kbd>F9</kbd> or <kbd>Ctrl</kbd>+<kbd>Enter</kbd> pay · in the card form, <kbd>Esc</kbd> then <kbd>F9</kbd>
      </p>
    </Shell>
  );
}
