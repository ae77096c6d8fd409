/**
 * The checkout page as one state machine: what the clerk can do at each step of taking a phone order, and what
 * each answer (from the card form, from Stripe.js, from main) moves it to. Pure: no calls, no clock, no ids made
 * here (a new order's id comes in with the event), so every transition is tested in test/unit/checkout-machine.test.ts.
 *
 *   editing ─Pay→ paying ─→ paid
 *                   │  ├──→ declined ─Pay (another card)→ paying
 *                   │  ├──→ unknown ─Check again→ checking ─→ paid / declined / unknown
 *                   │  └──→ canceled (the order was canceled meanwhile)
 *                   └─ needs 3D Secure → authenticating ─→ paid / declined / …
 *   any resting step ─New order / Cancel order→ editing (a new order)
 */
import type { PaymentOutcome, ReceiptData } from '#shared/contract';
import type { TillError } from '#shared/result';
import type { CustomerDraft, FieldErrors } from './customer-draft';

export type Notice = { kind: 'error' | 'warning' | 'info'; text: string } | null;

/** The order main wrote once a card was tried; its items can still change until a card is being charged. */
export interface OrderRef {
  id: string;
  number: number;
}

/** Steps where the page waits for the clerk. */
export type RestingPhase =
  | { name: 'editing' } // no card tried yet: the cart can change
  // A card was tried and not charged: the same order takes another card (items may change). `bankCheck`: the bank's
  // 3D Secure check failed or was left unfinished, so a payment link (the check on the caller's own phone) is offered.
  | { name: 'declined'; bankCheck?: true }
  | { name: 'unknown' } // Stripe's answer was lost: Till checks; charging again could charge twice
  | { name: 'canceled' } // the order was canceled (e.g. from another window): only a new order is left
  | { name: 'paid'; receipt: ReceiptData | null };

/** Steps where the page waits for the card form, Stripe or main; `from` is where a failure goes back to. */
export type BusyPhase =
  | { name: 'paying'; from: RestingPhase } // card form → ConfirmationToken → main → Stripe
  | { name: 'authenticating'; from: RestingPhase } // the bank's 3D Secure challenge is open
  | { name: 'checking'; from: RestingPhase }; // asking Stripe again, or canceling

export type Phase = RestingPhase | BusyPhase;

export interface CheckoutState {
  /** The order's id, made by the page so a retried payment names the same order. */
  checkoutId: string;
  customer: CustomerDraft;
  errors: FieldErrors;
  /** Set once main has the order (a card was tried). */
  order: OrderRef | null;
  phase: Phase;
  notice: Notice;
}

export type CheckoutEvent =
  | { type: 'customer_changed'; customer: CustomerDraft }
  /** The details failed the same checks main makes: nothing was sent. */
  | { type: 'details_invalid'; errors: FieldErrors }
  | { type: 'card_started' }
  /** The card form refused (incomplete number, Stripe.js error): nothing reached main. */
  | { type: 'card_form_failed'; message: string }
  /** Main answered requires_action: Stripe.js now shows the bank's challenge. */
  | { type: 'authentication_started'; outcome: PaymentOutcome }
  | { type: 'check_started' }
  /** Main's answer to Pay, to the check after 3D Secure, to Check again, or to Cancel. */
  | { type: 'answered'; outcome: PaymentOutcome }
  /** Main refused the call (invalid input, a conflict, …); `field` names the input to blame. */
  | { type: 'refused'; error: Pick<TillError, 'message' | 'field'> }
  | { type: 'new_order'; checkoutId: string };

export const EMPTY_CUSTOMER: CustomerDraft = { name: '', phone: '', email: '', note: '' };

export const initialCheckout = (checkoutId: string): CheckoutState => ({
  checkoutId,
  customer: EMPTY_CUSTOMER,
  errors: {},
  order: null,
  phase: { name: 'editing' },
  notice: null,
});

/**
 * The page reloaded while an order was being taken (checkout-draft.ts): the same order, the caller's details, and
 * — when a card was already tried — the declined step, since the card form comes back empty.
 */
export const resumedCheckout = (draft: {
  checkoutId: string;
  order: OrderRef | null;
  customer: CustomerDraft;
}): CheckoutState => ({
  ...initialCheckout(draft.checkoutId),
  customer: draft.customer,
  order: draft.order,
  phase: draft.order ? { name: 'declined' } : { name: 'editing' },
  notice: draft.order
    ? { kind: 'info', text: `Order #${draft.order.number} was kept. Type the card again to pay.` }
    : null,
});

/** Main names fields by their path in the request; the form names them by what the clerk sees. */
const FORM_FIELDS: Record<string, keyof CustomerDraft> = {
  'customer.name': 'name',
  'customer.phone': 'phone',
  'customer.email': 'email',
  note: 'note',
};

const isBusy = (phase: Phase): phase is BusyPhase =>
  phase.name === 'paying' || phase.name === 'authenticating' || phase.name === 'checking';

/** Where to go back to when a busy step fails without an answer about the payment. */
const restingOf = (phase: Phase): RestingPhase => (isBusy(phase) ? phase.from : phase);

/** Stripe's code for a 3D Secure check the cardholder failed or abandoned. */
const BANK_CHECK_FAILED = 'payment_intent_authentication_failure';

/** Where main's answer about the payment leaves the order, and what the clerk reads. */
function settle(state: CheckoutState, outcome: PaymentOutcome): CheckoutState {
  const order = { id: outcome.orderId, number: outcome.orderNumber };
  const at = (phase: RestingPhase, notice: Notice): CheckoutState => ({ ...state, order, phase, notice });
  switch (outcome.status) {
    case 'paid':
      return at({ name: 'paid', receipt: outcome.receipt }, { kind: 'info', text: outcome.message });
    case 'declined':
      return at(
        outcome.declineCode === BANK_CHECK_FAILED ? { name: 'declined', bankCheck: true } : { name: 'declined' },
        { kind: 'error', text: outcome.message },
      );
    case 'unknown':
      return at({ name: 'unknown' }, { kind: 'warning', text: outcome.message });
    case 'requires_action':
      // The challenge was closed or never shown: nothing was charged, the order takes the card (or another) again.
      return at(
        { name: 'declined', bankCheck: true },
        { kind: 'warning', text: 'The 3D Secure check was not finished. Try the card again.' },
      );
    case 'canceled':
      return at({ name: 'canceled' }, { kind: 'info', text: outcome.message });
  }
}

export function checkoutReducer(state: CheckoutState, event: CheckoutEvent): CheckoutState {
  switch (event.type) {
    case 'customer_changed':
      return { ...state, customer: event.customer };
    case 'details_invalid':
      return { ...state, errors: event.errors, notice: { kind: 'error', text: 'Check the customer details.' } };
    case 'card_started':
      if (!canPay(state)) return state;
      return { ...state, errors: {}, notice: null, phase: { name: 'paying', from: restingOf(state.phase) } };
    case 'card_form_failed':
      if (state.phase.name !== 'paying') return state;
      return { ...state, phase: state.phase.from, notice: { kind: 'error', text: event.message } };
    case 'authentication_started':
      if (state.phase.name !== 'paying' || event.outcome.orderId !== state.checkoutId) return state;
      return {
        ...state,
        order: { id: event.outcome.orderId, number: event.outcome.orderNumber },
        phase: { name: 'authenticating', from: { name: 'declined' } },
        notice: { kind: 'info', text: event.outcome.message },
      };
    case 'check_started':
      if (isBusy(state.phase) || !state.order) return state;
      return { ...state, phase: { name: 'checking', from: state.phase } };
    case 'answered':
      // An answer about an order the page has left (a new order was started meanwhile) changes nothing here.
      if (event.outcome.orderId !== state.checkoutId) return state;
      return settle(state, event.outcome);
    case 'refused': {
      const field = event.error.field ? FORM_FIELDS[event.error.field] : undefined;
      return {
        ...state,
        errors: field ? { ...state.errors, [field]: event.error.message } : state.errors,
        phase: restingOf(state.phase),
        notice: { kind: 'error', text: event.error.message },
      };
    }
    case 'new_order':
      return initialCheckout(event.checkoutId);
  }
}

/** Pay is offered before any card was tried and after a card was refused; never while one is being tried. */
export const canPay = (state: CheckoutState) => state.phase.name === 'editing' || state.phase.name === 'declined';

/**
 * The cart can change before any card was tried and after one was refused (main then charges the new total);
 * never while a card is being tried, once paid, while the outcome is unknown, or once canceled.
 */
export const itemsEditable = (state: CheckoutState) => canPay(state);

/** The page keeps a draft of the order across a reload only while the clerk is still taking it. */
export const keepsDraft = (state: CheckoutState) => canPay(state) || isBusy(state.phase);

/** The clerk can still change the caller's details: not while a card is being tried, nor once paid. */
export const detailsEditable = (state: CheckoutState) => !isBusy(state.phase) && state.phase.name !== 'paid';

export const busy = (state: CheckoutState) => isBusy(state.phase);
