/**
 * Refunds: full or partial, repeatable until the charge is fully refunded; Stripe's over-refund and
 * already-refunded errors; the async behaviours of the refund test cards (4000000000007726 pending → succeeded,
 * 4000000000005126 succeeded → failed).
 */
import type Stripe from 'stripe';
import { testCard } from '../cards/test-cards';
import type { Engine } from '../engine';
import { invalidRequest, resourceMissing } from '../api/errors';
import { applyMetadata, type Params } from '../api/params';
import { newId } from '../ids';
import { recordRefund, recordRefundFailure } from './balance-transactions';
import { unrefunded } from './charges';
import { formatAmount } from './money';
import { sendRefundReceipt } from './receipts';

export const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

export function getRefund(engine: Engine, id: string): Stripe.Refund {
  const refund = engine.store.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id, 'refund');
  return refund;
}

function chargeFor(engine: Engine, p: Params): Stripe.Charge {
  const chargeId = p.string('charge');
  const piId = p.string('payment_intent');
  if (chargeId && piId) {
    throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', {
      code: 'parameter_invalid_string',
    });
  }
  if (chargeId) {
    const charge = engine.store.charges.get(chargeId);
    if (!charge) throw resourceMissing('charge', chargeId, 'charge');
    return charge;
  }
  if (piId) {
    const pi = engine.store.paymentIntents.get(piId);
    if (!pi) throw resourceMissing('payment_intent', piId, 'payment_intent');
    const charge = typeof pi.latest_charge === 'string' ? engine.store.charges.get(pi.latest_charge) : undefined;
    if (!charge || charge.status !== 'succeeded') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        param: 'payment_intent',
        validation: false,
      });
    }
    return charge;
  }
  throw invalidRequest('One of the following params should be provided for this request: charge or payment_intent.', {
    code: 'parameter_missing',
  });
}

function chargeMeta(engine: Engine, charge: Stripe.Charge): ReturnType<typeof testCard> | null {
  const pmId = charge.payment_method;
  const meta = pmId ? engine.store.paymentMethods.meta(pmId) : undefined;
  return meta?.testCard ? testCard(meta.testCard) : null;
}

export function createRefund(engine: Engine, p: Params): Stripe.Refund {
  const charge = chargeFor(engine, p);
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, {
      param: 'charge',
      validation: false,
    });
  }
  if (charge.refunded) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
      validation: false,
    });
  }
  if (charge.disputed) {
    const dispute = engine.store.disputes.values().find((d) => d.charge === charge.id);
    if (dispute && !dispute.is_charge_refundable) {
      throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
        code: 'charge_disputed',
        validation: false,
      });
    }
  }
  const remaining = unrefunded(charge);
  const amount = p.int('amount', { min: 1 }) ?? remaining;
  if (!charge.captured && amount < charge.amount) {
    throw invalidRequest(
      'You cannot partially refund an uncaptured charge. Instead, capture the charge for an amount less than the original amount',
      { param: 'amount', validation: false },
    );
  }
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { param: 'amount', validation: false },
    );
  }
  const behaviour = chargeMeta(engine, charge)?.refund;
  const refund: Stripe.Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: engine.now(),
    currency: charge.currency,
    customer: typeof charge.customer === 'string' ? charge.customer : null,
    customer_account: null,
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: applyMetadata({}, p),
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method: charge.payment_method,
    reason: p.enum('reason', REFUND_REASONS) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: behaviour === 'pending_then_succeeded' ? 'pending' : 'succeeded',
    transfer_reversal: null,
  };
  if (refund.status === 'pending') refund.pending_reason = 'processing';
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = unrefunded(charge) === 0;
  engine.store.refunds.insert(refund, {});
  refund.balance_transaction = recordRefund(engine, refund).id;
  sendRefundReceipt(engine, charge, refund);
  engine.touch();
  engine.emit('charge.refunded', charge, previous);
  engine.emit('refund.created', refund);
  if (behaviour === 'pending_then_succeeded') engine.schedule('refund.settle', { refund: refund.id });
  if (behaviour === 'succeeded_then_failed') engine.schedule('refund.fail', { refund: refund.id });
  return refund;
}

export function updateRefund(engine: Engine, refund: Stripe.Refund, p: Params): Stripe.Refund {
  refund.metadata = applyMetadata(refund.metadata ?? {}, p);
  engine.touch();
  engine.emit('refund.updated', refund);
  return refund;
}

/** Job: a pending refund settles. */
export function settleRefund(engine: Engine, args: Record<string, string>): void {
  const refund = engine.store.refunds.get(args.refund ?? '');
  if (!refund || refund.status !== 'pending') return;
  refund.status = 'succeeded';
  delete refund.pending_reason;
  engine.touch();
  engine.emit('refund.updated', refund, { status: 'pending' });
  engine.emit('charge.refund.updated', refund, { status: 'pending' });
}

/** Job: a refund fails after having succeeded; the amount goes back onto the charge. */
export function failRefund(engine: Engine, args: Record<string, string>): void {
  const refund = engine.store.refunds.get(args.refund ?? '');
  if (!refund || refund.status === 'failed') return;
  const previousStatus = refund.status;
  refund.status = 'failed';
  refund.failure_reason = 'expired_or_canceled_card';
  refund.failure_balance_transaction = recordRefundFailure(engine, refund).id;
  const charge = typeof refund.charge === 'string' ? engine.store.charges.get(refund.charge) : undefined;
  if (charge) {
    charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
    charge.refunded = unrefunded(charge) === 0;
  }
  engine.touch();
  engine.emit('refund.failed', refund, { status: previousStatus });
  engine.emit('refund.updated', refund, { status: previousStatus });
  engine.emit('charge.refund.updated', refund, { status: previousStatus });
}
