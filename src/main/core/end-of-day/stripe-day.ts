/**
 * Stripe's side of a day: the balance transactions made that day (each payment's fee, what it adds to the balance)
 * and the payouts that landed in the bank that day, each with the payments it holds. Read from Stripe when the end
 * of day is opened; the shop's own figures (day-figures.ts) do not need it.
 */
import type Stripe from 'stripe';
import type { StripeDay } from '#shared/contract';
import { localMidnight } from '#shared/local-day';
import type { Db } from '../db/open';
import { callStripe, type RetryPolicy, type StripeCallResult } from '../payments/stripe-call';

/** The PaymentIntent behind a transaction's source (a charge, a refund, a dispute), when Stripe expanded it. */
function intentOf(source: Stripe.BalanceTransaction['source']): string | null {
  if (!source || typeof source === 'string') return null;
  const intent = (source as { payment_intent?: string | { id: string } | null }).payment_intent;
  return typeof intent === 'string' ? intent : (intent?.id ?? null);
}

/** The 00:00 UTC Stripe stamps a calendar day with (a payout's `arrival_date`), in seconds. */
function utcMidnight(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, date) / 1000;
}

export function createStripeDay(deps: { stripe: Stripe; db: Db; retry?: RetryPolicy }) {
  const { stripe } = deps;
  const orderOfIntent = deps.db
    .prepare<[string], number>('SELECT number FROM orders WHERE payment_intent_id = ?')
    .pluck();

  const listTransactions = async (params: Stripe.BalanceTransactionListParams) => {
    const found: Stripe.BalanceTransaction[] = [];
    for await (const tx of stripe.balanceTransactions.list({ ...params, limit: 100, expand: ['data.source'] })) {
      found.push(tx);
    }
    return found;
  };

  return {
    /** The day on the shop's clock; 'unreachable' and Stripe's refusals come back as the call's result. */
    async of(day: string, currency: string): Promise<StripeCallResult<StripeDay>> {
      const from = Math.floor(localMidnight(day) / 1000);
      const to = Math.floor(localMidnight(day, 1) / 1000);
      return callStripe(async () => {
        const wanted = currency.toLowerCase();
        const transactions = (await listTransactions({ created: { gte: from, lt: to } })).filter(
          (tx) => tx.currency === wanted,
        );
        const byType = new Map<string, StripeDay['byType'][number]>();
        for (const tx of transactions) {
          const entry = byType.get(tx.type) ?? { type: tx.type, count: 0, amount: 0, fee: 0, net: 0 };
          entry.count++;
          entry.amount += tx.amount;
          entry.fee += tx.fee;
          entry.net += tx.net;
          byType.set(tx.type, entry);
        }
        // Payouts into the bank that day hold what cleared earlier: each with its transactions and their orders.
        // Stripe dates a payout's arrival as a calendar day (00:00 UTC), not an instant on the shop's clock.
        const arrival = utcMidnight(day);
        const payouts: StripeDay['payouts'] = [];
        for await (const payout of stripe.payouts.list({
          arrival_date: { gte: arrival, lt: arrival + 86_400 },
          limit: 100,
        })) {
          if (payout.currency !== wanted) continue;
          const held = await listTransactions({ payout: payout.id });
          payouts.push({
            id: payout.id,
            amount: payout.amount,
            arrivalDate: payout.arrival_date * 1000,
            status: payout.status,
            items: held
              .filter((tx) => tx.type !== 'payout')
              .map((tx) => {
                const intent = intentOf(tx.source);
                return {
                  type: tx.type,
                  amount: tx.amount,
                  fee: tx.fee,
                  net: tx.net,
                  orderNumber: intent ? (orderOfIntent.get(intent) ?? null) : null,
                };
              }),
          });
        }
        const all = [...byType.values()];
        return {
          byType: all,
          fees: all.reduce((sum, entry) => sum + entry.fee, 0),
          net: all.filter((entry) => entry.type !== 'payout').reduce((sum, entry) => sum + entry.net, 0),
          payouts,
        };
      }, deps.retry);
    },
  };
}
export type StripeDayQuery = ReturnType<typeof createStripeDay>;
