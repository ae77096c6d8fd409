import { describe, expect, it } from 'vitest';
import type { PaymentOutcome, ReceiptData } from '#shared/contract';
import {
  canPay,
  checkoutReducer,
  detailsEditable,
  initialCheckout,
  itemsEditable,
  keepsDraft,
  resumedCheckout,
  type CheckoutEvent,
  type CheckoutState,
} from '../../src/renderer/src/checkout/checkout-machine';

const ORDER = '0190b6a0-7c4d-7d4e-8f00-000000000001';
const NEXT_ORDER = '0190b6a0-7c4d-7d4e-8f00-000000000002';
const caller = { name: 'Pat Caller', phone: '250 555 0101', email: '', note: 'Side door' };

const receipt: ReceiptData = {
  shop: { name: 'Shop', address: '1 Main St', phone: '250 555 0100', taxNumbers: [] },
  id: ORDER,
  number: 1001,
  currency: 'CAD',
  lines: [],
  subtotal: 2000,
  taxes: [],
  total: 2000,
  amountRefunded: 0,
  refunds: [],
  customerName: 'Pat Caller',
  card: { brand: 'visa', last4: '4242' },
  createdAt: 1,
  paidAt: 2,
  clerk: 'Sam',
};

const outcome = (status: PaymentOutcome['status'], extra: Partial<PaymentOutcome> = {}): PaymentOutcome => ({
  orderId: ORDER,
  orderNumber: 1001,
  status,
  message: `${status} message`,
  clientSecret: null,
  declineCode: null,
  receipt: null,
  ...extra,
});

const run = (...events: CheckoutEvent[]) =>
  events.reduce<CheckoutState>(checkoutReducer, {
    ...initialCheckout(ORDER),
    customer: caller,
  });

const answered = (status: PaymentOutcome['status'], extra?: Partial<PaymentOutcome>): CheckoutEvent => ({
  type: 'answered',
  outcome: outcome(status, extra),
});

describe('the checkout machine', () => {
  it('starts editing a new order: no order yet, Pay offered, details editable', () => {
    const state = run();
    expect(state.phase).toEqual({ name: 'editing' });
    expect(state.order).toBeNull();
    expect(canPay(state)).toBe(true);
    expect(detailsEditable(state)).toBe(true);
  });

  it('keeps the details the clerk types', () => {
    const state = run({ type: 'customer_changed', customer: { ...caller, name: 'Sam' } });
    expect(state.customer.name).toBe('Sam');
  });

  it('shows invalid details next to their fields and stays editing', () => {
    const state = run({ type: 'details_invalid', errors: { phone: 'Enter a phone number to call back' } });
    expect(state.errors).toEqual({ phone: 'Enter a phone number to call back' });
    expect(state.notice).toEqual({ kind: 'error', text: 'Check the customer details.' });
    expect(state.phase.name).toBe('editing');
  });

  it('while a card is tried: no second Pay, details locked, old messages gone', () => {
    const state = run({ type: 'details_invalid', errors: { name: 'x' } }, { type: 'card_started' });
    expect(state.phase.name).toBe('paying');
    expect(canPay(state)).toBe(false);
    expect(detailsEditable(state)).toBe(false);
    expect(state.errors).toEqual({});
    expect(state.notice).toBeNull();
    // A second Pay (double click, F9 held down) changes nothing.
    expect(checkoutReducer(state, { type: 'card_started' })).toBe(state);
  });

  it('paying → paid: shows the receipt main sent with its answer', () => {
    const state = run({ type: 'card_started' }, answered('paid', { receipt, message: 'Paid: $20.00' }));
    expect(state.phase).toEqual({ name: 'paid', receipt });
    expect(state.order).toEqual({ id: ORDER, number: 1001 });
    expect(state.notice).toEqual({ kind: 'info', text: 'Paid: $20.00' });
    expect(canPay(state)).toBe(false);
    expect(detailsEditable(state)).toBe(false);
  });

  it('paying → declined: the reason is read out, the same order takes another card', () => {
    const declined = run({ type: 'card_started' }, answered('declined', { message: 'The card was declined' }));
    expect(declined.phase.name).toBe('declined');
    expect(declined.order).toEqual({ id: ORDER, number: 1001 });
    expect(declined.notice).toEqual({ kind: 'error', text: 'The card was declined' });
    expect(canPay(declined)).toBe(true);
    expect(detailsEditable(declined)).toBe(true);

    const retried = checkoutReducer(declined, { type: 'card_started' });
    expect(retried.phase).toEqual({ name: 'paying', from: { name: 'declined' } });
    const paid = checkoutReducer(retried, answered('paid', { receipt }));
    expect(paid.phase.name).toBe('paid');
    expect(paid.checkoutId).toBe(ORDER); // the same order, not a new one
  });

  it('a card form error goes back to where the clerk was, with the message, and nothing was sent', () => {
    const fromEditing = run(
      { type: 'card_started' },
      { type: 'card_form_failed', message: 'Your card number is incomplete.' },
    );
    expect(fromEditing.phase.name).toBe('editing');
    expect(fromEditing.order).toBeNull();
    expect(fromEditing.notice).toEqual({ kind: 'error', text: 'Your card number is incomplete.' });

    const fromDeclined = run(
      { type: 'card_started' },
      answered('declined'),
      { type: 'card_started' },
      { type: 'card_form_failed', message: 'Your card number is incomplete.' },
    );
    expect(fromDeclined.phase.name).toBe('declined');
    expect(fromDeclined.order).not.toBeNull(); // still the same order
  });

  it('paying → needs 3D Secure → paid', () => {
    const challenged = run(
      { type: 'card_started' },
      { type: 'authentication_started', outcome: outcome('requires_action', { clientSecret: 'pi_1_secret_x' }) },
    );
    expect(challenged.phase.name).toBe('authenticating');
    expect(challenged.order).toEqual({ id: ORDER, number: 1001 });
    expect(canPay(challenged)).toBe(false);
    expect(checkoutReducer(challenged, answered('paid', { receipt })).phase).toEqual({ name: 'paid', receipt });
  });

  it('3D Secure failed → declined with the bank check explained; left unfinished → try again', () => {
    const challenged = run(
      { type: 'card_started' },
      { type: 'authentication_started', outcome: outcome('requires_action') },
    );
    const failed = checkoutReducer(
      challenged,
      answered('declined', {
        message: 'did not complete the bank check',
        declineCode: 'payment_intent_authentication_failure',
      }),
    );
    // A payment link is offered: the caller does the bank check on their own phone.
    expect(failed.phase).toEqual({ name: 'declined', bankCheck: true });
    expect(failed.notice).toEqual({ kind: 'error', text: 'did not complete the bank check' });

    const unfinished = checkoutReducer(challenged, answered('requires_action'));
    expect(unfinished.phase).toEqual({ name: 'declined', bankCheck: true });
    expect(unfinished.notice).toEqual({
      kind: 'warning',
      text: 'The 3D Secure check was not finished. Try the card again.',
    });
  });

  it('outcome unknown: no Pay (it could charge twice); Check again → checking → paid', () => {
    const unknown = run({ type: 'card_started' }, answered('unknown', { message: 'Do not charge again' }));
    expect(unknown.phase.name).toBe('unknown');
    expect(unknown.notice).toEqual({ kind: 'warning', text: 'Do not charge again' });
    expect(canPay(unknown)).toBe(false);
    expect(checkoutReducer(unknown, { type: 'card_started' })).toBe(unknown);

    const checking = checkoutReducer(unknown, { type: 'check_started' });
    expect(checking.phase).toEqual({ name: 'checking', from: { name: 'unknown' } });
    expect(checkoutReducer(checking, { type: 'check_started' })).toBe(checking);
    expect(checkoutReducer(checking, answered('paid', { receipt })).phase.name).toBe('paid');
    expect(checkoutReducer(checking, answered('unknown')).phase.name).toBe('unknown');
  });

  it('cannot check with Stripe before a card was tried', () => {
    const state = run();
    expect(checkoutReducer(state, { type: 'check_started' })).toBe(state);
  });

  it('an error from main goes back to the step before, next to the field it names', () => {
    const refused = run(
      { type: 'card_started' },
      { type: 'refused', error: { message: 'Enter a valid email address', field: 'customer.email' } },
    );
    expect(refused.phase.name).toBe('editing');
    expect(refused.errors).toEqual({ email: 'Enter a valid email address' });
    expect(refused.notice).toEqual({ kind: 'error', text: 'Enter a valid email address' });

    const conflict = run(
      { type: 'card_started' },
      answered('unknown'),
      { type: 'check_started' },
      { type: 'refused', error: { message: 'This payment is already being processed.' } },
    );
    expect(conflict.phase.name).toBe('unknown');
    expect(conflict.errors).toEqual({});
  });

  it('an error from main after 3D Secure leaves the order open for the card again', () => {
    const state = run(
      { type: 'card_started' },
      { type: 'authentication_started', outcome: outcome('requires_action') },
      { type: 'refused', error: { message: 'Till is not responding.' } },
    );
    expect(state.phase.name).toBe('declined');
    expect(state.order).not.toBeNull();
  });

  it('an order canceled meanwhile takes no card; only a new order is left', () => {
    const state = run({ type: 'card_started' }, answered('canceled', { message: 'The order was canceled.' }));
    expect(state.phase.name).toBe('canceled');
    expect(canPay(state)).toBe(false);
    expect(state.notice).toEqual({ kind: 'info', text: 'The order was canceled.' });
  });

  it('cancel → checking; a payment that went through meanwhile shows its receipt', () => {
    const checking = run({ type: 'card_started' }, answered('declined'), { type: 'check_started' });
    expect(checking.phase).toEqual({ name: 'checking', from: { name: 'declined' } });
    expect(checkoutReducer(checking, answered('paid', { receipt })).phase).toEqual({ name: 'paid', receipt });
  });

  it('a new order forgets everything of the last one: its id, caller, messages and order', () => {
    const paid = run({ type: 'card_started' }, answered('paid', { receipt }));
    const next = checkoutReducer(paid, { type: 'new_order', checkoutId: NEXT_ORDER });
    expect(next).toEqual(initialCheckout(NEXT_ORDER));
    expect(next.customer).toEqual({ name: '', phone: '', email: '', note: '' });
  });

  it('ignores an answer about an order the page has already left', () => {
    const next = run({ type: 'new_order', checkoutId: NEXT_ORDER });
    expect(checkoutReducer(next, answered('paid', { receipt }))).toBe(next);
    expect(checkoutReducer(next, { type: 'authentication_started', outcome: outcome('requires_action') })).toBe(next);
  });

  it('the items can change before a card and after a decline, never while paying, once paid or when unknown', () => {
    expect(itemsEditable(run())).toBe(true);
    expect(itemsEditable(run({ type: 'card_started' }))).toBe(false);
    expect(itemsEditable(run({ type: 'card_started' }, answered('declined')))).toBe(true);
    expect(itemsEditable(run({ type: 'card_started' }, answered('requires_action')))).toBe(true);
    expect(itemsEditable(run({ type: 'card_started' }, answered('paid', { receipt })))).toBe(false);
    expect(itemsEditable(run({ type: 'card_started' }, answered('unknown')))).toBe(false);
    expect(itemsEditable(run({ type: 'card_started' }, answered('canceled')))).toBe(false);
  });

  it('keeps a draft while the order is being taken, and none once it is paid, canceled or unknown', () => {
    expect(keepsDraft(run())).toBe(true);
    expect(keepsDraft(run({ type: 'card_started' }))).toBe(true);
    expect(keepsDraft(run({ type: 'card_started' }, answered('declined')))).toBe(true);
    expect(keepsDraft(run({ type: 'card_started' }, answered('paid', { receipt })))).toBe(false);
    expect(keepsDraft(run({ type: 'card_started' }, answered('canceled')))).toBe(false);
    expect(keepsDraft(run({ type: 'card_started' }, answered('unknown')))).toBe(false);
  });

  it('a reload resumes the order: the caller, and a tried order as declined (the card is typed again)', () => {
    const fresh = resumedCheckout({ checkoutId: ORDER, order: null, customer: caller });
    expect(fresh).toMatchObject({ checkoutId: ORDER, customer: caller, phase: { name: 'editing' }, notice: null });
    const tried = resumedCheckout({ checkoutId: ORDER, order: { id: ORDER, number: 1001 }, customer: caller });
    expect(tried.phase).toEqual({ name: 'declined' });
    expect(tried.notice).toEqual({ kind: 'info', text: 'Order #1001 was kept. Type the card again to pay.' });
    expect(checkoutReducer(tried, answered('paid', { receipt })).phase.name).toBe('paid');
  });
});
