/**
 * The order being taken, kept in the window's sessionStorage so that a reload (Ctrl+R, a renderer crash) does not
 * make the clerk key the caller's order again: the cart, the caller's details and note, and the order's id (so a
 * Pay after the reload continues the same order in main, never a second one). Never card data: the card stays in
 * Stripe's iframe and is typed again. sessionStorage lives as long as the window, and is the window's alone.
 */
import type { OrderRef } from './checkout-machine';
import type { CustomerDraft } from './customer-draft';
import type { CartLine } from './use-cart';

export interface CheckoutDraft {
  checkoutId: string;
  /** Set when a card was already tried: main has the order, and the page resumes it as declined. */
  order: OrderRef | null;
  customer: CustomerDraft;
  lines: CartLine[];
}

const KEY = 'till.checkout-draft';

const isString = (value: unknown): value is string => typeof value === 'string';

/** Only a draft of the expected shape is resumed; anything else (an older Till's, a damaged one) is dropped. */
function isDraft(value: unknown): value is CheckoutDraft {
  const draft = value as CheckoutDraft | null;
  if (!draft || !isString(draft.checkoutId) || !Array.isArray(draft.lines)) return false;
  const { customer, order } = draft;
  if (!customer || ![customer.name, customer.phone, customer.email, customer.note].every(isString)) return false;
  if (order !== null && (!order || !isString(order.id) || typeof order.number !== 'number')) return false;
  return draft.lines.every(
    (line) =>
      (line.kind === 'product' && isString(line.product?.id) && Number.isInteger(line.quantity)) ||
      (line.kind === 'custom' && isString(line.description) && Number.isInteger(line.unitPrice)),
  );
}

export function loadDraft(storage: Storage = sessionStorage): CheckoutDraft | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: CheckoutDraft, storage: Storage = sessionStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the order on screen is unaffected, only a reload would lose it.
  }
}

export function clearDraft(storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // As above: nothing to keep.
  }
}
