/**
 * Charges: one per confirmation attempt that reached the card network (Stripe creates a failed Charge for a
 * decline, and none for an authentication failure). Their shape follows stripe-node's `Stripe.Charge`.
 */
import type Stripe from 'stripe';
import type { Decline, TestCard } from '../cards/test-cards';
import type { Engine, PaymentMethodMeta } from '../engine';
import { newId } from '../ids';
import { recordCharge } from './balance-transactions';
import { emptyAddress } from './common';

export interface ChargeAttempt {
  pi: Stripe.PaymentIntent;
  pm: Stripe.PaymentMethod;
  pmMeta: PaymentMethodMeta;
  card: TestCard;
  decline: Decline | null;
  /** Manual capture: authorised only. */
  captured: boolean;
  moto: boolean;
  /** The card went through a 3DS challenge. */
  authenticated: boolean;
}

function checks(attempt: ChargeAttempt): Stripe.Charge.PaymentMethodDetails.Card.Checks {
  const { card, pmMeta } = attempt;
  const pick = (provided: boolean, configured: 'fail' | 'unavailable' | undefined) =>
    !provided ? null : (configured ?? 'pass');
  return {
    address_line1_check: pick(pmMeta.line1Provided, card.checks?.line1),
    address_postal_code_check: pick(pmMeta.postalProvided, card.checks?.postal),
    cvc_check: pick(pmMeta.cvcProvided, card.checks?.cvc),
  };
}

function outcome(attempt: ChargeAttempt): Stripe.Charge.Outcome {
  const d = attempt.decline;
  if (d) {
    const o: Stripe.Charge.Outcome = {
      advice_code: d.outcome.type === 'blocked' ? null : 'try_again_later',
      network_advice_code: null,
      network_decline_code: null,
      network_status: d.outcome.networkStatus,
      reason: d.outcome.reason,
      risk_level: d.outcome.riskLevel,
      risk_score: d.outcome.riskLevel === 'highest' ? 95 : 30,
      seller_message: d.outcome.sellerMessage,
      type: d.outcome.type,
    };
    if (d.outcome.rule) o.rule = d.outcome.rule;
    if (d.code !== 'card_declined' || d.declineCode === 'generic_decline') o.advice_code = null;
    return o;
  }
  const risk = attempt.card.risk ?? { level: 'normal' as const, score: 20 };
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'approved_by_network',
    reason: null,
    risk_level: risk.level,
    risk_score: risk.score,
    seller_message: 'Payment complete.',
    type: 'authorized',
  };
}

export function createCharge(engine: Engine, attempt: ChargeAttempt): Stripe.Charge {
  const { pi, pm, decline, captured } = attempt;
  const pmCard = pm.card!;
  const succeeded = decline === null;
  const id = newId('ch');
  const charge: Stripe.Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: succeeded && captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.billing_details ?? {
      address: emptyAddress(),
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'TILL SIMULATOR',
    captured: succeeded && captured,
    created: engine.now(),
    currency: pi.currency,
    customer: typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null),
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: decline?.fraudulent ? { stripe_report: 'fraudulent' } : {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: outcome(attempt),
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? pi.amount : null,
        authorization_code: succeeded ? String(100000 + Math.floor(Math.random() * 900000)) : null,
        brand: pmCard.brand,
        checks: checks(attempt),
        country: pmCard.country,
        electronic_commerce_indicator: attempt.authenticated ? '05' : null,
        exp_month: pmCard.exp_month,
        exp_year: pmCard.exp_year,
        extended_authorization: { status: 'disabled' },
        fingerprint: pmCard.fingerprint ?? null,
        funding: pmCard.funding,
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: pmCard.last4,
        mandate: null,
        moto: attempt.moto ? true : null,
        multicapture: { status: 'unavailable' },
        network: pmCard.brand,
        network_token: { used: false },
        network_transaction_id: succeeded ? String(Math.floor(Math.random() * 1e15)) : null,
        overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
        regulated_status: 'unregulated',
        three_d_secure: attempt.authenticated
          ? {
              authentication_flow: 'challenge',
              electronic_commerce_indicator: '05',
              exemption_indicator: null,
              result: 'authenticated',
              result_reason: null,
              transaction_id: newId('3ds'),
              version: '2.2.0',
            }
          : null,
        transaction_link_id: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: succeeded ? `${engine.baseUrl}/receipts/payment/${id}` : null,
    refunded: false,
    review: null,
    shipping: pi.shipping ? { ...pi.shipping } : null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
  engine.store.charges.insert(charge, {});
  if (charge.captured) attachChargeTransaction(engine, charge);
  engine.touch();
  return charge;
}

/** Cards that put the funds straight into the available balance (4000000000000077, 4000003720000278). */
const BYPASS_PENDING = new Set(['4000000000000077', '4000003720000278']);

/** A captured charge gets its balance transaction (Stripe's fee, the net, when the funds become available). */
export function attachChargeTransaction(engine: Engine, charge: Stripe.Charge): void {
  const testCard = charge.payment_method ? engine.store.paymentMethods.meta(charge.payment_method)?.testCard : null;
  const txn = recordCharge(engine, charge, { bypassPending: !!testCard && BYPASS_PENDING.has(testCard) });
  charge.balance_transaction = txn.id;
}

/** The remaining refundable amount. */
export const unrefunded = (charge: Stripe.Charge): number =>
  (charge.captured ? charge.amount_captured : charge.amount) - charge.amount_refunded;
