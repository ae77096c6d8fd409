/**
 * The hosted Checkout page at a session's `url`: a plain form (card number, expiry, CVC, email, name). Paying
 * confirms the session's PaymentIntent; 3DS cards go through the challenge page and come back to /return.
 */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { checkoutMeta, expireDueCheckoutSessions, payCheckoutSession } from '../resources/checkout-sessions';
import type { Registrar } from '../routes/registrar';
import { escapeHtml, formatMoney, page } from './html';

function successTarget(session: Stripe.Checkout.Session): string | null {
  return session.success_url ? session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id) : null;
}

function form(engine: Engine, session: Stripe.Checkout.Session, error: string | null): string {
  const items = checkoutMeta(engine, session.id).lineItems;
  const lines = items
    .map(
      (i) =>
        `<li>${escapeHtml(i.description)} × ${i.quantity} — ${escapeHtml(formatMoney(i.unitAmount * i.quantity, session.currency ?? 'usd'))}</li>`,
    )
    .join('');
  if (session.status === 'complete') {
    return page('Paid', `<h1>Payment complete</h1><p>Thank you. This payment has been received.</p>`);
  }
  if (session.status === 'expired') {
    return page('Expired', `<h1>This link has expired</h1><p class="muted">Ask the shop for a new payment link.</p>`);
  }
  return page(
    'Pay',
    `<h1>Pay Till (simulator)</h1>
<ul class="muted">${lines}</ul>
<div class="amount">${escapeHtml(formatMoney(session.amount_total ?? 0, session.currency ?? 'usd'))}</div>
<form method="post" action="/checkout/pay/${escapeHtml(session.id)}">
  <label for="email">Email</label><input id="email" name="email" type="email" value="${escapeHtml(session.customer_email ?? '')}">
  <label for="cardNumber">Card number</label><input id="cardNumber" name="number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required>
  <div class="row">
    <div><label for="cardExpiry">Expiry (MM / YY)</label><input id="cardExpiry" name="expiry" placeholder="12 / 34" required></div>
    <div><label for="cardCvc">CVC</label><input id="cardCvc" name="cvc" inputmode="numeric" placeholder="123"></div>
  </div>
  ${
    session.billing_address_collection === 'required'
      ? '<label for="billingAddressLine1">Address</label><input id="billingAddressLine1" name="line1" autocomplete="address-line1" required>'
      : ''
  }
  <label for="billingPostalCode">ZIP / postal code</label><input id="billingPostalCode" name="postal_code" autocomplete="postal-code">
  <label for="billingName">Name on card</label><input id="billingName" name="name" autocomplete="cc-name">
  ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
  <button class="primary" type="submit" id="submit">Pay ${escapeHtml(formatMoney(session.amount_total ?? 0, session.currency ?? 'usd'))}</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p>` : ''}`,
  );
}

export function registerCheckoutPages({ engine, app }: Registrar): void {
  const find = (id: string) => engine.store.checkoutSessions.get(id);
  const notFound = page('Not found', '<h1>Unknown checkout session</h1>');

  app.get('/checkout/pay/:id', async (request, reply) => {
    const session = find((request.params as { id: string }).id);
    reply.type('text/html; charset=utf-8');
    if (!session) return reply.code(404).send(notFound);
    if (session.status === 'open' && session.expires_at <= engine.now()) expireDueCheckoutSessions(engine);
    return reply.send(form(engine, session, null));
  });

  app.post('/checkout/pay/:id', async (request, reply) => {
    const session = find((request.params as { id: string }).id);
    reply.type('text/html; charset=utf-8');
    if (!session) return reply.code(404).send(notFound);
    const body = (request.body ?? {}) as Record<string, string>;
    const [month = '', year = ''] = String(body.expiry ?? '')
      .split('/')
      .map((s) => s.trim());
    const result = payCheckoutSession(engine, session, {
      number: String(body.number ?? '').replace(/\s/g, ''),
      exp_month: month,
      exp_year: year,
      cvc: String(body.cvc ?? ''),
      email: String(body.email ?? ''),
      name: String(body.name ?? ''),
      postalCode: String(body.postal_code ?? '').trim(),
      line1: String(body.line1 ?? '').trim(),
    });
    if (result.kind === 'requires_action') return reply.redirect(result.url, 303);
    if (result.kind === 'declined') return reply.send(form(engine, session, result.message));
    const target = successTarget(session);
    return target ? reply.redirect(target, 303) : reply.send(form(engine, session, null));
  });

  app.get('/checkout/pay/:id/return', async (request, reply) => {
    const session = find((request.params as { id: string }).id);
    reply.type('text/html; charset=utf-8');
    if (!session) return reply.code(404).send(notFound);
    if (session.status === 'complete') {
      const target = successTarget(session);
      return target ? reply.redirect(target, 303) : reply.send(form(engine, session, null));
    }
    const pi =
      typeof session.payment_intent === 'string' ? engine.store.paymentIntents.get(session.payment_intent) : null;
    const message = pi?.last_payment_error?.message ?? 'The payment was not completed.';
    return reply.send(form(engine, session, message));
  });

  app.get('/receipts/payment/:id', async (request, reply) => {
    const charge = engine.store.charges.get((request.params as { id: string }).id);
    reply.type('text/html; charset=utf-8');
    if (!charge) return reply.code(404).send(page('Receipt', '<h1>Unknown receipt</h1>'));
    const card = charge.payment_method_details?.card;
    return reply.send(
      page(
        'Receipt',
        `<h1>Receipt</h1><div class="amount">${escapeHtml(formatMoney(charge.amount, charge.currency))}</div>
<p class="muted">${escapeHtml(card?.brand ?? 'card')} •••• ${escapeHtml(card?.last4 ?? '')} — ${escapeHtml(new Date(charge.created * 1000).toISOString())}</p>
${charge.amount_refunded ? `<p>Refunded: ${escapeHtml(formatMoney(charge.amount_refunded, charge.currency))}</p>` : ''}`,
      ),
    );
  });
}
