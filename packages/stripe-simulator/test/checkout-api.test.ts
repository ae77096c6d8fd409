/**
 * Checkout Sessions' API as Stripe's: the create parameters a pay-by-link sends, `expires_at` limits, expire (and
 * expiry when the clock passes `expires_at`), retrieve, list filters, line items as a paged list, idempotency.
 * Every object is checked against Stripe's OpenAPI schema.
 */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { rejectionOf, simulatorForFile } from './helpers';

const t = simulatorForFile();

const HOUR = 60 * 60;

const lines = (n = 1): Stripe.Checkout.SessionCreateParams.LineItem[] =>
  Array.from({ length: n }, (_, i) => ({
    price_data: {
      currency: 'cad',
      unit_amount: 100 * (i + 1),
      product_data: { name: `Line ${i + 1}` },
      tax_behavior: 'exclusive',
    },
    quantity: i + 1,
  }));

async function nowOnSimulator(): Promise<number> {
  return (await t.http('GET', '/_simulator/clock')).body.now as number;
}

async function payOnPage(session: Stripe.Checkout.Session, number: string) {
  const body = new URLSearchParams({ number, expiry: '12 / 39', cvc: '123', email: 'caller@example.com', name: 'Jo' });
  return fetch(`${t.sim.url}/checkout/pay/${session.id}`, { method: 'POST', body, redirect: 'manual' });
}

describe('creating a Checkout Session', () => {
  it('keeps what a pay-by-link sends and starts open, unpaid, with no PaymentIntent yet', async () => {
    const now = await nowOnSimulator();
    const session = t.check(
      await t.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: lines(2),
        metadata: { order_id: 'O-7' },
        payment_intent_data: { metadata: { order_id: 'O-7' } },
        expires_at: now + 2 * HOUR,
        success_url: 'https://till.example/paid',
        cancel_url: 'https://till.example/cancel',
        customer_email: 'caller@example.com',
        client_reference_id: 'O-7',
      }),
    );
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      currency: 'cad',
      amount_subtotal: 500,
      amount_total: 500,
      payment_intent: null,
      expires_at: now + 2 * HOUR,
      metadata: { order_id: 'O-7' },
      customer_email: 'caller@example.com',
      client_reference_id: 'O-7',
      success_url: 'https://till.example/paid',
      cancel_url: 'https://till.example/cancel',
      url: `${t.sim.url}/checkout/pay/${session.id}`,
    });
    expect(session.id).toMatch(/^cs_test_/);
    const items = t.check(await t.stripe.checkout.sessions.listLineItems(session.id));
    expect(items.data.map((i) => [i.description, i.quantity, i.amount_total, i.price?.tax_behavior])).toEqual([
      ['Line 1', 1, 100, 'exclusive'],
      ['Line 2', 2, 400, 'exclusive'],
    ]);
  });

  it('defaults expires_at to 24 hours and refuses one under 30 minutes or over 24 hours, as Stripe does', async () => {
    const now = await nowOnSimulator();
    const session = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: lines() });
    expect(session.expires_at - session.created).toBe(24 * HOUR);
    const tooSoon = await rejectionOf<Stripe.errors.StripeInvalidRequestError>(() =>
      t.stripe.checkout.sessions.create({ mode: 'payment', line_items: lines(), expires_at: now + 29 * 60 }),
    );
    expect(tooSoon).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'expires_at',
      message: 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
    });
    const tooLate = await rejectionOf<Stripe.errors.StripeInvalidRequestError>(() =>
      t.stripe.checkout.sessions.create({ mode: 'payment', line_items: lines(), expires_at: now + 25 * HOUR }),
    );
    expect(tooLate).toMatchObject({
      statusCode: 400,
      param: 'expires_at',
      message: 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
    });
    const edge = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: lines(),
      expires_at: now + 31 * 60,
    });
    expect(edge.expires_at).toBe(now + 31 * 60);
  });

  it('replays a create with the same idempotency key instead of making a second session', async () => {
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: lines(),
      metadata: { order_id: 'O-idem' },
    };
    const first = await t.stripe.checkout.sessions.create(params, { idempotencyKey: 'order-O-idem-link-1' });
    const again = await t.stripe.checkout.sessions.create(params, { idempotencyKey: 'order-O-idem-link-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const other = await rejectionOf<Stripe.errors.StripeIdempotencyError>(() =>
      t.stripe.checkout.sessions.create(
        { ...params, metadata: { order_id: 'O-other' } },
        { idempotencyKey: 'order-O-idem-link-1' },
      ),
    );
    expect(other.type).toBe('StripeIdempotencyError');
  });
});

describe('expiring', () => {
  it('expires an open session (no url any more, checkout.session.expired) and refuses a second expire', async () => {
    const session = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: lines() });
    const expired = t.check(await t.stripe.checkout.sessions.expire(session.id));
    expect(expired).toMatchObject({ status: 'expired', payment_status: 'unpaid', url: null });
    const event = (await t.stripe.events.list({ limit: 1, type: 'checkout.session.expired' })).data[0]!;
    expect(event.data.object).toMatchObject({ id: session.id, status: 'expired' });
    const again = await rejectionOf<Stripe.errors.StripeInvalidRequestError>(() =>
      t.stripe.checkout.sessions.expire(session.id),
    );
    expect(again).toMatchObject({
      statusCode: 400,
      message:
        'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "expired".',
    });
    const page = await fetch(`${t.sim.url}/checkout/pay/${session.id}`);
    expect(await page.text()).toContain('This link has expired');
  });

  it('refuses to expire a paid session', async () => {
    const session = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: lines() });
    expect((await payOnPage(session, '4242424242424242')).status).toBe(200);
    const err = await rejectionOf<Stripe.errors.StripeInvalidRequestError>(() =>
      t.stripe.checkout.sessions.expire(session.id),
    );
    expect(err.message).toContain('This Checkout Session has a status of "complete".');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
  });

  it('expires by itself once the clock passes expires_at, with an automatic (request-less) event', async () => {
    const now = await nowOnSimulator();
    const soon = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: lines(),
      expires_at: now + 40 * 60,
    });
    const later = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: lines(),
      expires_at: now + 3 * HOUR,
    });
    await t.http('POST', '/_simulator/clock', { body: 'advanceSeconds=2700' });
    expect((await t.stripe.checkout.sessions.retrieve(soon.id)).status).toBe('expired');
    expect((await t.stripe.checkout.sessions.retrieve(later.id)).status).toBe('open');
    const event = (await t.stripe.events.list({ limit: 1, type: 'checkout.session.expired' })).data[0]!;
    expect(event.data.object).toMatchObject({ id: soon.id });
    expect(event.request).toEqual({ id: null, idempotency_key: null });
    const declined = await payOnPage(soon, '4242424242424242');
    expect(await declined.text()).toContain('This link has expired');
  });
});

describe('retrieve, list and line items', () => {
  it('lists sessions by PaymentIntent, by status and by the customer e-mail given on the page', async () => {
    const session = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: lines() });
    await payOnPage(session, '4242424242424242');
    const paid = t.check(await t.stripe.checkout.sessions.retrieve(session.id));
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    expect(paid.payment_intent).toMatch(/^pi_/);
    const byPi = t.check(await t.stripe.checkout.sessions.list({ payment_intent: paid.payment_intent as string }));
    expect(byPi.data.map((s) => s.id)).toEqual([session.id]);
    const byEmail = await t.stripe.checkout.sessions.list({ customer_details: { email: 'caller@example.com' } });
    expect(byEmail.data.map((s) => s.id)).toContain(session.id);
    const open = await t.stripe.checkout.sessions.list({ status: 'open', limit: 100 });
    expect(open.data.every((s) => s.status === 'open')).toBe(true);
    expect(open.data.map((s) => s.id)).not.toContain(session.id);
    const expanded = t.check(
      await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent', 'line_items'] }),
    );
    expect((expanded.payment_intent as Stripe.PaymentIntent).status).toBe('succeeded');
    expect(expanded.line_items?.data.map((i) => i.description)).toEqual(['Line 1']);
  });

  it('pages line items in the order given, with limit, starting_after and ending_before', async () => {
    const session = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: lines(5) });
    const first = t.check(await t.stripe.checkout.sessions.listLineItems(session.id, { limit: 2 }));
    expect(first).toMatchObject({
      object: 'list',
      has_more: true,
      url: `/v1/checkout/sessions/${session.id}/line_items`,
    });
    expect(first.data.map((i) => i.description)).toEqual(['Line 1', 'Line 2']);
    const next = await t.stripe.checkout.sessions.listLineItems(session.id, {
      limit: 2,
      starting_after: first.data[1]!.id,
    });
    expect(next.data.map((i) => i.description)).toEqual(['Line 3', 'Line 4']);
    const last = await t.stripe.checkout.sessions.listLineItems(session.id, { starting_after: next.data[1]!.id });
    expect(last).toMatchObject({ has_more: false });
    expect(last.data.map((i) => i.description)).toEqual(['Line 5']);
    const before = await t.stripe.checkout.sessions.listLineItems(session.id, {
      limit: 2,
      ending_before: last.data[0]!.id,
    });
    expect(before.data.map((i) => i.description)).toEqual(['Line 3', 'Line 4']);
    const all = await t.stripe.checkout.sessions.listLineItems(session.id, { limit: 100 });
    expect(all.data.map((i) => i.amount_total)).toEqual([100, 400, 900, 1600, 2500]);
  });

  it('answers a missing session with Stripe’s 404', async () => {
    const err = await rejectionOf<Stripe.errors.StripeInvalidRequestError>(() =>
      t.stripe.checkout.sessions.retrieve('cs_test_nope'),
    );
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
