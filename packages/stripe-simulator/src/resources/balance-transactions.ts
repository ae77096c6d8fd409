/**
 * Balance transactions: every movement of money in the account's Stripe balance, as Stripe records them. A captured
 * charge adds its amount less Stripe's fee, pending until `available_on`; refunds, disputes and payouts take money
 * out at once. The account's balance (GET /v1/balance) is the sum of their `net`, split by status.
 */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { newId } from '../ids';
import { ZERO_DECIMAL } from './money';

/**
 * Stripe's standard card pricing for the simulated account (a Canadian account settling in CAD, see
 * routes/account.ts): 2.9% + C$0.30 per successful domestic card charge (stripe.com/ca/pricing; the US rate is the
 * same 2.9% + 30¢). The international-card and currency-conversion surcharges are not simulated.
 */
export const CARD_FEE = { percent: 2.9, fixedMinor: 30 } as const;
/** Stripe's dispute fee in Canada (C$15.00; US$15.00 in the US), returned when the dispute is won. */
export const DISPUTE_FEE_MINOR = 1500;
/** Standard payout timing: a charge's funds become available two days after it, at 00:00 UTC. */
export const AVAILABLE_AFTER_DAYS = 2;
const DAY = 86_400;

/** Private state Stripe keeps but does not show on the object: which payout took this transaction out. */
export interface BalanceTransactionMeta {
  payout: string | null;
}

/** 00:00 UTC of the day `seconds` falls in. */
export const startOfUtcDay = (seconds: number): number => Math.floor(seconds / DAY) * DAY;

/** Stripe's processing fee for a card charge of `amount` (minor units), rounded to the nearest unit. */
export function cardFee(amount: number, currency: string): number {
  // The fixed part is 30 cents; a zero-decimal currency has no cents, so it is scaled down [guess].
  const fixed = ZERO_DECIMAL.has(currency) ? Math.round(CARD_FEE.fixedMinor / 100) : CARD_FEE.fixedMinor;
  return Math.round((amount * CARD_FEE.percent) / 100) + fixed;
}

interface NewTransaction {
  amount: number;
  currency: string;
  type: Stripe.BalanceTransaction.Type;
  reportingCategory: string;
  source: string;
  description: string | null;
  fees?: Array<{ amount: number; description: string }>;
  /** Credits from payments wait for the payout schedule; debits leave the available balance at once. */
  pending: boolean;
}

function record(engine: Engine, t: NewTransaction): Stripe.BalanceTransaction {
  const created = engine.now();
  const feeDetails = (t.fees ?? []).map((f) => ({
    amount: f.amount,
    application: null,
    currency: t.currency,
    description: f.description,
    type: 'stripe_fee',
  }));
  const fee = feeDetails.reduce((sum, f) => sum + f.amount, 0);
  const txn: Stripe.BalanceTransaction = {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: t.amount,
    available_on: t.pending ? startOfUtcDay(created + AVAILABLE_AFTER_DAYS * DAY) : created,
    balance_type: 'payments',
    created,
    currency: t.currency,
    description: t.description,
    exchange_rate: null,
    fee,
    fee_details: feeDetails,
    net: t.amount - fee,
    reporting_category: t.reportingCategory,
    source: t.source,
    status: t.pending ? 'pending' : 'available',
    type: t.type,
  };
  engine.store.balanceTransactions.insert(txn, { payout: null });
  engine.touch();
  return txn;
}

/** A charge is captured: its amount, less Stripe's fee, pending until available_on. */
export function recordCharge(engine: Engine, charge: Stripe.Charge, opts: { bypassPending: boolean }) {
  const amount = charge.amount_captured;
  return record(engine, {
    amount,
    currency: charge.currency,
    type: 'charge',
    reportingCategory: 'charge',
    source: charge.id,
    description: charge.description,
    fees: [{ amount: cardFee(amount, charge.currency), description: 'Stripe processing fees' }],
    pending: !opts.bypassPending,
  });
}

/** A refund leaves the balance at once; Stripe keeps its processing fee (no fee comes back). */
export const recordRefund = (engine: Engine, refund: Stripe.Refund) =>
  record(engine, {
    amount: -refund.amount,
    currency: refund.currency,
    type: 'refund',
    reportingCategory: 'refund',
    source: refund.id,
    description: 'REFUND FOR CHARGE',
    pending: false,
  });

/** A refund that failed after it had been taken out: the money comes back. */
export const recordRefundFailure = (engine: Engine, refund: Stripe.Refund) =>
  record(engine, {
    amount: refund.amount,
    currency: refund.currency,
    type: 'refund_failure',
    reportingCategory: 'refund_failure',
    source: refund.id,
    description: 'REFUND FAILURE',
    pending: false,
  });

/** Funds withdrawn for a dispute: the disputed amount and Stripe's dispute fee. */
export const recordDisputeWithdrawal = (engine: Engine, dispute: Stripe.Dispute) =>
  record(engine, {
    amount: -dispute.amount,
    currency: dispute.currency,
    type: 'adjustment',
    reportingCategory: 'dispute',
    source: dispute.id,
    description: `Chargeback withdrawal for ${String(dispute.charge)}`,
    fees: [{ amount: DISPUTE_FEE_MINOR, description: 'Dispute fee' }],
    pending: false,
  });

/** A won dispute: the amount and the dispute fee come back. */
export const recordDisputeReversal = (engine: Engine, dispute: Stripe.Dispute) =>
  record(engine, {
    amount: dispute.amount,
    currency: dispute.currency,
    type: 'adjustment',
    reportingCategory: 'dispute_reversal',
    source: dispute.id,
    description: `Chargeback reversal for ${String(dispute.charge)}`,
    fees: [{ amount: -DISPUTE_FEE_MINOR, description: 'Dispute fee refund' }],
    pending: false,
  });

/** A payout takes its amount out of the available balance when it is created. */
export const recordPayout = (engine: Engine, payout: Stripe.Payout) =>
  record(engine, {
    amount: -payout.amount,
    currency: payout.currency,
    type: 'payout',
    reportingCategory: 'payout',
    source: payout.id,
    description: 'STRIPE PAYOUT',
    pending: false,
  });

/** Pending transactions whose available_on has come become available; true when any did. */
export function releaseAvailableFunds(engine: Engine): boolean {
  const now = engine.now();
  let released = false;
  for (const txn of engine.store.balanceTransactions.values()) {
    if (txn.status === 'pending' && txn.available_on <= now) {
      txn.status = 'available';
      released = true;
    }
  }
  if (released) engine.touch();
  return released;
}

/** GET /v1/balance: available and pending funds per currency (the account's currency always listed). */
export function balance(engine: Engine, defaultCurrency: string): Stripe.Balance {
  const sums = new Map<string, { available: number; pending: number }>([
    [defaultCurrency, { available: 0, pending: 0 }],
  ]);
  for (const txn of engine.store.balanceTransactions.values()) {
    const sum = sums.get(txn.currency) ?? { available: 0, pending: 0 };
    if (txn.status === 'pending') sum.pending += txn.net;
    else sum.available += txn.net;
    sums.set(txn.currency, sum);
  }
  const side = (key: 'available' | 'pending') =>
    [...sums].map(([currency, sum]) => ({ amount: sum[key], currency, source_types: { card: sum[key] } }));
  return { object: 'balance', available: side('available'), livemode: false, pending: side('pending') };
}
