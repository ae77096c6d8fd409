/**
 * Reconciliation's last pay-by-link step: Checkout Sessions Stripe made for Till's orders in the last day (a session
 * lives at most 24 hours) that the log has no row for — the log lost the write, or a backup from before was
 * restored — are written back, so the order shows its link and one already paid is paid. Sessions of orders the log
 * does not know are left: if paid, their PaymentIntent brings the order back (events/reconciler.ts).
 */
import type Stripe from 'stripe';
import type { LinkDeps } from './pay-by-link';
import { callStripe } from './stripe-call';

export function createLinkRestore(deps: Omit<LinkDeps, 'price' | 'linkMinutes' | 'successUrl'>) {
  const { stripe, orders, links, audit, push, log } = deps;
  const now = deps.now ?? Date.now;

  /** A session the log lost, written back as Stripe has it; a paid one pays its order. */
  function writeBack(orderId: string, session: Stripe.Checkout.Session) {
    const status = session.status === 'complete' ? 'complete' : session.status === 'open' ? 'open' : 'expired';
    const intentId = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
    orders.transaction(() => {
      links.restore(
        orderId,
        {
          id: session.id,
          url: session.url,
          amount: session.amount_total ?? 0,
          currency: (session.currency ?? orders.get(orderId)!.currency).toUpperCase(),
          expiresAt: session.expires_at * 1000,
          createdAt: session.created * 1000,
        },
        status,
      );
      if (status === 'complete' && session.payment_status === 'paid' && intentId) {
        if (!orders.get(orderId)?.paymentIntentId) orders.setPaymentIntent(orderId, intentId);
        orders.advancePayment(orderId, 'paid');
      }
      audit.record('system', 'link.restored_from_stripe', orderId, { sessionId: session.id });
    });
  }

  /** Writes back what the log lost; returns how many sessions it wrote. */
  async function restoreLost(): Promise<number> {
    const since = Math.floor(now() / 1000) - 24 * 60 * 60;
    const call = await callStripe(async () => {
      const found: Stripe.Checkout.Session[] = [];
      for await (const session of stripe.checkout.sessions.list({ created: { gte: since }, limit: 100 })) {
        const orderId = session.metadata?.till_order_id;
        if (orderId && orders.get(orderId) && !links.bySession(session.id)) found.push(session);
      }
      return found;
    }, deps.retry);
    if (call.kind !== 'answered') {
      log.warn({ kind: call.kind }, 'reconciliation could not list Checkout Sessions');
      return 0;
    }
    let restored = 0;
    for (const session of call.value) {
      const orderId = session.metadata!.till_order_id!;
      // Under the order's lock no link is being sent. A session whose row is still unanswered is that row's (its
      // resend gives it back), and one sent since the list was read has its row by now: neither is restored.
      const wrote = await deps
        .withOrderLock(orderId, async () => {
          const latest = links.latest(orderId);
          if (links.bySession(session.id) || latest?.status === 'creating' || latest?.status === 'unknown') {
            return false;
          }
          writeBack(orderId, session);
          return true;
        })
        .catch(() => false); // a payment under way on that order: the next pass looks again
      if (!wrote) continue;
      restored++;
      push.publish('orders.changed', { orderId });
      log.warn({ orderId, sessionId: session.id }, 'payment link restored from Stripe');
    }
    return restored;
  }

  return { restoreLost };
}
export type LinkRestore = ReturnType<typeof createLinkRestore>;
