/**
 * What the Checkout page needs only once the catalog is on screen: the card form (Stripe's React bindings and
 * loader, the payment-link panel, and zod/mini's checks of the caller's details) and the receipt. One chunk, so
 * the receipt is already there when a payment succeeds.
 */
export { CardPayment } from './CardPayment';
export { Receipt } from './Receipt';
export { ReceiptActions } from './ReceiptActions';
