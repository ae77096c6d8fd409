import { Elements } from '@stripe/react-stripe-js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CustomerInput, NoteInput, type OrderDetail, type PaymentOutcome } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import type { Result } from '../../../shared/result';
import { timeOrderedId } from '../../../shared/time-ordered-id';
import { useAppInfo } from '../app-info';
import { Shell } from '../components/Shell';
import { useTillQuery } from '../use-till-query';
import { CartPanel } from './CartPanel';
import { CatalogPanel } from './CatalogPanel';
import { CustomerForm, type CustomerDraft, type FieldErrors } from './CustomerForm';
import { PaymentPanel, type PaymentPanelHandle, type PaymentStep } from './PaymentPanel';
import { QuickChargeForm } from './QuickChargeForm';
import { Receipt } from './Receipt';
import { ReceiptActions } from './ReceiptActions';
import { loadStripeFor } from './stripe-loader';
import { useCart } from './use-cart';
import { useQuote } from './use-quote';

const EMPTY_CUSTOMER: CustomerDraft = { name: '', phone: '', email: '', note: '' };
type Notice = { kind: 'error' | 'warning' | 'info'; text: string } | null;

const toStep = (result: Result<PaymentOutcome>): PaymentStep =>
  result.ok ? { outcome: result.value } : { error: result.error };

/** Main names fields by their path in the request; the form names them by what the clerk sees. */
const FORM_FIELDS: Record<string, keyof CustomerDraft> = {
  'customer.name': 'name',
  'customer.phone': 'phone',
  'customer.email': 'email',
  note: 'note',
};

function validateCustomer(draft: CustomerDraft): FieldErrors {
  const errors: FieldErrors = {};
  const customer = CustomerInput.safeParse({ name: draft.name, phone: draft.phone, email: draft.email });
  if (!customer.success) {
    for (const issue of customer.error.issues) {
      const field = issue.path[0] as keyof CustomerDraft;
      errors[field] ??= issue.message;
    }
  }
  const note = NoteInput.safeParse(draft.note);
  if (!note.success) errors.note = note.error.issues[0]?.message;
  return errors;
}

async function openHistory() {
  const result = await window.till.window.openHistory();
  // The browser preview cannot open a desktop window; it answers with the page to open instead.
  if (result.ok && result.value.url) window.open(result.value.url, '_blank', 'noopener');
}

export function CheckoutPage() {
  const info = useAppInfo();
  const config = useTillQuery(() => window.till.checkout.config(), []);
  const stripePromise = useMemo(() => (config.status === 'ready' ? loadStripeFor(config.value) : null), [config]);
  const currency = config.status === 'ready' ? config.value.currency : 'CAD';

  const cart = useCart();
  const { quote, error: quoteError } = useQuote(cart.cart);
  // The order's id, made here so that a retried payment names the same order; time-ordered (see time-ordered-id.ts).
  const [checkoutId, setCheckoutId] = useState(timeOrderedId);
  const [customer, setCustomer] = useState(EMPTY_CUSTOMER);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [receipt, setReceipt] = useState<OrderDetail | null>(null);
  const [paying, setPaying] = useState(false);
  const [cardFormReady, setCardFormReady] = useState(false);
  const payingNow = useRef(false); // set synchronously: a double click cannot start a second payment
  const panel = useRef<PaymentPanelHandle>(null);

  const locked = outcome !== null; // a card has been tried: the order exists, its items are fixed
  const canPay = !paying && !receipt && cardFormReady && quote !== null && outcome?.status !== 'unknown';

  const refresh = useCallback(async (orderId: string) => toStep(await window.till.checkout.refresh({ orderId })), []);

  const showStep = useCallback(async (step: PaymentStep) => {
    if ('error' in step) {
      const field = 'field' in step.error && step.error.field ? FORM_FIELDS[step.error.field] : undefined;
      if (field) setErrors((previous) => ({ ...previous, [field]: step.error.message }));
      setNotice({ kind: 'error', text: step.error.message });
      return;
    }
    setOutcome(step.outcome);
    const { status, message } = step.outcome;
    if (status === 'paid') {
      const order = await window.till.orders.get({ orderId: step.outcome.orderId });
      if (order.ok) setReceipt(order.value);
      setNotice({ kind: 'info', text: message });
    } else if (status === 'declined') {
      setNotice({ kind: 'error', text: message });
    } else if (status === 'unknown') {
      setNotice({ kind: 'warning', text: message });
    } else if (status === 'requires_action') {
      setNotice({ kind: 'warning', text: 'The 3D Secure check was not finished. Try the card again.' });
    } else {
      setNotice({ kind: 'info', text: message });
    }
  }, []);

  const pay = useCallback(async () => {
    if (payingNow.current || !canPay || !panel.current) return;
    const fieldErrors = validateCustomer(customer);
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) {
      setNotice({ kind: 'error', text: 'Check the customer details.' });
      return;
    }
    payingNow.current = true;
    setPaying(true);
    setNotice(null);
    try {
      const step = await panel.current.pay(async (confirmationTokenId) =>
        toStep(
          await window.till.checkout.pay({
            checkoutId,
            cart: cart.cart,
            customer: { name: customer.name, phone: customer.phone, email: customer.email },
            note: customer.note,
            confirmationTokenId,
          }),
        ),
      );
      await showStep(step);
    } finally {
      payingNow.current = false;
      setPaying(false);
    }
  }, [canPay, customer, checkoutId, cart.cart, showStep]);

  const checkAgain = useCallback(async () => {
    if (!outcome) return;
    setPaying(true);
    try {
      await showStep(await refresh(outcome.orderId));
    } finally {
      setPaying(false);
    }
  }, [outcome, refresh, showStep]);

  const newOrder = useCallback(() => {
    cart.clear();
    setCustomer(EMPTY_CUSTOMER);
    setErrors({});
    setOutcome(null);
    setNotice(null);
    setReceipt(null);
    setCheckoutId(timeOrderedId());
  }, [cart]);

  const cancelOrder = useCallback(async () => {
    if (!outcome) return newOrder();
    const result = await window.till.checkout.cancel({ orderId: outcome.orderId });
    if (result.ok && result.value.status !== 'paid') newOrder();
    else await showStep(toStep(result));
  }, [outcome, newOrder, showStep]);

  // Keyboard: F9 or Ctrl+Enter pays; Ctrl+↑ / Ctrl+↓ change the quantity of the last line.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F9' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        void pay();
      } else if ((event.ctrlKey || event.metaKey) && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        const last = cart.lines.at(-1);
        if (!last || last.kind !== 'product' || locked) return;
        event.preventDefault();
        cart.setQuantity(last.key, last.quantity + (event.key === 'ArrowUp' ? 1 : -1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pay, cart, locked]);

  const total = quote ? formatMoney(quote.total, currency) : null;
  const shopName = info.status === 'ready' ? info.value.shopName : 'Till';

  return (
    <Shell
      title="Checkout"
      actions={
        <button type="button" className="secondary" onClick={openHistory}>
          Order history
        </button>
      }
    >
      <div className="checkout-grid">
        <CatalogPanel onAdd={cart.add} disabled={locked} />
        <div className="checkout-side">
          {receipt ? (
            <section className="panel paid" aria-label="Payment complete">
              <p role="status" className="success-text">
                {notice?.text}
              </p>
              <Receipt order={receipt} shopName={shopName} />
              <div className="actions">
                <ReceiptActions orderId={receipt.id} />
                <button type="button" onClick={newOrder} autoFocus>
                  New order
                </button>
              </div>
            </section>
          ) : (
            <>
              {outcome && (
                <p className="order-banner">
                  Order #{outcome.orderNumber} — {locked ? 'items fixed while taking payment' : ''}
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
              <QuickChargeForm onAdd={cart.addCustom} disabled={locked} />
              <CustomerForm value={customer} errors={errors} disabled={paying} onChange={setCustomer} />
              <section className="panel payment" aria-labelledby="payment-heading">
                <h2 id="payment-heading">Card</h2>
                {config.status === 'error' && (
                  <p role="alert" className="error-text">
                    {config.error.message}
                  </p>
                )}
                {config.status === 'ready' && stripePromise && (
                  <Elements
                    stripe={stripePromise}
                    options={{
                      mode: 'payment',
                      amount: quote?.total ?? 100,
                      currency: currency.toLowerCase(),
                      allowedPaymentMethodTypes: ['card'],
                    }}
                  >
                    <PaymentPanel ref={panel} customer={customer} refresh={refresh} onReady={setCardFormReady} />
                  </Elements>
                )}
                {notice && (
                  <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
                    {notice.text}
                  </p>
                )}
                <div className="actions">
                  {locked && (
                    <button type="button" className="secondary" onClick={cancelOrder} disabled={paying}>
                      Cancel order
                    </button>
                  )}
                  {outcome?.status === 'unknown' && (
                    <button type="button" className="secondary" onClick={checkAgain} disabled={paying}>
                      Check with Stripe again
                    </button>
                  )}
                  <button type="button" className="pay" onClick={pay} disabled={!canPay} aria-busy={paying}>
                    {paying ? 'Processing…' : total ? `Pay ${total}` : 'Pay'}
                  </button>
                </div>
              </section>
            </>
          )}
        </div>
      </div>
      <p className="keyboard-help" aria-label="Keyboard shortcuts">
        <kbd>F2</kbd> search · <kbd>↑</kbd>
        <kbd>↓</kbd> choose · <kbd>Enter</kbd> add · <kbd>Ctrl</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> quantity of last item ·{' '}
        <kbd>F9</kbd> or <kbd>Ctrl</kbd>+<kbd>Enter</kbd> pay · <kbd>Tab</kbd> leaves the card form
      </p>
    </Shell>
  );
}
