/**
 * Automatic payouts, as on a Stripe account with the default daily schedule: each run pays out the whole available
 * balance of each currency to the account's bank account. A payout is created `pending` (payout.created), is sent
 * to the bank at once (`in_transit`, payout.updated [guess: Stripe's timing varies]), and becomes `paid` when the
 * clock reaches its arrival_date (payout.paid, then payout.reconciliation_completed: from then on
 * GET /v1/balance_transactions?payout=po_… lists exactly what it paid out).
 */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { newId } from '../ids';
import { resourceMissing } from '../api/errors';
import { balance, recordPayout, releaseAvailableFunds, startOfUtcDay } from './balance-transactions';

const DAY = 86_400;

/** The account's bank account (an external account id; the simulator keeps no object behind it). */
export const bankAccountId = (engine: Engine): string => `ba_1${engine.accountId.slice(6)}Bank00`;

/**
 * Standard payouts arrive the next business day: 00:00 UTC of the next day that is not a Saturday or Sunday (bank
 * holidays are not simulated).
 */
export function arrivalDate(created: number): number {
  let day = startOfUtcDay(created) + DAY;
  while ([0, 6].includes(new Date(day * 1000).getUTCDay())) day += DAY;
  return day;
}

export function getPayout(engine: Engine, id: string): Stripe.Payout {
  const payout = engine.store.payouts.get(id);
  if (!payout) throw resourceMissing('payout', id, 'payout');
  return payout;
}

function createPayout(engine: Engine, currency: string, amount: number): Stripe.Payout {
  const created = engine.now();
  const payout: Stripe.Payout = {
    id: newId('po'),
    object: 'payout',
    amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: arrivalDate(created),
    automatic: true,
    balance_transaction: null,
    created,
    currency,
    description: 'STRIPE PAYOUT',
    destination: bankAccountId(engine),
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'in_progress',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: null,
    status: 'pending',
    trace_id: null,
    type: 'bank_account',
  };
  engine.store.payouts.insert(payout, {});
  payout.balance_transaction = recordPayout(engine, payout).id;
  return payout;
}

/**
 * Pays out everything available that no payout holds yet, one payout per currency with a positive sum (a negative
 * sum carries over, as Stripe waits for later charges to cover it). Returns the payouts created.
 */
export function runPayouts(engine: Engine): Stripe.Payout[] {
  settleBalance(engine);
  const open = new Map<string, Stripe.BalanceTransaction[]>();
  for (const txn of engine.store.balanceTransactions.values()) {
    if (txn.status !== 'available' || engine.store.balanceTransactions.meta(txn.id)!.payout !== null) continue;
    const list = open.get(txn.currency) ?? [];
    list.push(txn);
    open.set(txn.currency, list);
  }
  const created: Stripe.Payout[] = [];
  for (const [currency, txns] of open) {
    const amount = txns.reduce((sum, t) => sum + t.net, 0);
    if (amount <= 0) continue;
    const payout = createPayout(engine, currency, amount);
    for (const txn of txns) engine.store.balanceTransactions.meta(txn.id)!.payout = payout.id;
    engine.store.balanceTransactions.meta(payout.balance_transaction as string)!.payout = payout.id;
    engine.emit('payout.created', payout);
    payout.status = 'in_transit';
    engine.emit('payout.updated', payout, { status: 'pending' });
    created.push(payout);
  }
  engine.touch();
  return created;
}

/** Once per UTC day, when the account pays out by itself (the `automaticPayouts` option). */
export function runDailyPayouts(engine: Engine, state: { lastDay: number | null }): void {
  const today = startOfUtcDay(engine.now());
  if (state.lastDay === today) return;
  state.lastDay = today;
  runPayouts(engine);
}

/**
 * Moves time-driven states forward to the simulator's clock: pending funds whose available_on came become available
 * (balance.available), and payouts whose arrival_date came are paid.
 */
export function settleBalance(engine: Engine): void {
  if (releaseAvailableFunds(engine)) {
    const snapshot = balance(engine, engine.defaultCurrency);
    engine.emit('balance.available', snapshot as unknown as { id: string; object: string });
  }
  const now = engine.now();
  for (const payout of engine.store.payouts.values()) {
    if (payout.status !== 'in_transit' || payout.arrival_date > now) continue;
    payout.status = 'paid';
    payout.reconciliation_status = 'completed';
    engine.touch();
    engine.emit('payout.paid', payout);
    engine.emit('payout.reconciliation_completed', payout);
  }
}
