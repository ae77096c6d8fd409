/**
 * E-mail receipts, as Stripe sends them (docs.stripe.com/receipts): a payment receipt when a payment with a
 * `receipt_email` succeeds, again whenever `receipt_email` is set on a succeeded PaymentIntent or Charge (how an
 * integration resends one), and a refund receipt when a charge that has a receipt e-mail is refunded. The simulator
 * sends no mail: it records each receipt, so tests can ask what the customer would have received.
 */
import type Stripe from 'stripe';
import type { Engine } from '../engine';

export interface Receipt {
  id: string;
  kind: 'payment' | 'refund';
  /** The address it went to. */
  to: string;
  charge: string;
  payment_intent: string | null;
  refund: string | null;
  amount: number;
  currency: string;
  /** The number printed on the receipt (also set on the charge or refund as `receipt_number`). */
  receipt_number: string;
  /** Unix seconds on the simulator clock. */
  created: number;
}

/** Stripe's receipt numbers are two groups of four digits, e.g. "1849-3305". */
function receiptNumber(engine: Engine): string {
  const n = engine.receipts.length + 1;
  const digits = String(n).padStart(8, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

function record(engine: Engine, receipt: Omit<Receipt, 'id' | 'receipt_number' | 'created'>): Receipt {
  const number = receiptNumber(engine);
  const full: Receipt = {
    id: `rcpt_${number.replace('-', '')}`,
    ...receipt,
    receipt_number: number,
    created: engine.now(),
  };
  engine.receipts.push(full);
  engine.touch();
  return full;
}

/** Sends the payment receipt for a succeeded charge to `to` (the charge's `receipt_email` unless given). */
export function sendPaymentReceipt(engine: Engine, charge: Stripe.Charge, to = charge.receipt_email): Receipt | null {
  if (!to || charge.status !== 'succeeded') return null;
  const receipt = record(engine, {
    kind: 'payment',
    to,
    charge: charge.id,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    refund: null,
    amount: charge.captured ? charge.amount_captured : charge.amount,
    currency: charge.currency,
  });
  // "null until a receipt has been sent"; it keeps the first receipt's number.
  charge.receipt_number ??= receipt.receipt_number;
  return receipt;
}

/** A refund receipt goes to the address the original payment's receipt went to. */
export function sendRefundReceipt(engine: Engine, charge: Stripe.Charge, refund: Stripe.Refund): Receipt | null {
  if (!charge.receipt_email) return null;
  const receipt = record(engine, {
    kind: 'refund',
    to: charge.receipt_email,
    charge: charge.id,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    refund: refund.id,
    amount: refund.amount,
    currency: refund.currency,
  });
  refund.receipt_number = receipt.receipt_number;
  return receipt;
}

/** The succeeded charge behind a PaymentIntent, if it has one. */
export function succeededChargeOf(engine: Engine, pi: Stripe.PaymentIntent): Stripe.Charge | undefined {
  const id = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  const charge = id ? engine.store.charges.get(id) : undefined;
  return charge?.status === 'succeeded' ? charge : undefined;
}

/**
 * `receipt_email` set on a PaymentIntent: copied to its charge, and on a succeeded payment a receipt goes out to
 * it. [guess] Setting the address it already has sends again (Stripe documents "update the receipt_email" as the
 * way to trigger a receipt after the payment, without an exception for the same address).
 */
export function receiptEmailSetOnPaymentIntent(engine: Engine, pi: Stripe.PaymentIntent): void {
  const charge = succeededChargeOf(engine, pi);
  if (!charge) return;
  charge.receipt_email = pi.receipt_email;
  if (pi.status === 'succeeded' && pi.receipt_email) sendPaymentReceipt(engine, charge);
}

/** Receipts recorded so far, newest last, optionally for one PaymentIntent or charge. */
export function listReceipts(engine: Engine, filter: { payment_intent?: string; charge?: string } = {}): Receipt[] {
  return engine.receipts.filter(
    (r) =>
      (!filter.payment_intent || r.payment_intent === filter.payment_intent) &&
      (!filter.charge || r.charge === filter.charge),
  );
}
