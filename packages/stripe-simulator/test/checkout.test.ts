/** Checkout Sessions: create with line items, the hosted pay page, completion events, expiry. */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.close());

async function pay(session: Stripe.Checkout.Session, number: string) {
  const body = new URLSearchParams({ number, expiry: '12 / 39', cvc: '123', email: 'caller@example.com', name: 'Jo' });
  return fetch(session.url!, { method: 'POST', body, redirect: 'manual' });
}

describe('Checkout Sessions', () => {
  it('price_data line items → hosted page → paid → checkout.session.completed after the payment events', async () => {
    const session = t.check(
      await t.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          { price_data: { currency: 'cad', unit_amount: 1250, product_data: { name: 'Beans' } }, quantity: 2 },
          { price_data: { currency: 'cad', unit_amount: 500, product_data: { name: 'Mug' } }, quantity: 1 },
        ],
        success_url: 'https://till.example/paid?session={CHECKOUT_SESSION_ID}',
        cancel_url: 'https://till.example/cancel',
        metadata: { order_id: 'O-42' },
        payment_intent_data: { metadata: { order_id: 'O-42' } },
      }),
    );
    expect(session).toMatchObject({ status: 'open', payment_status: 'unpaid', amount_total: 3000, currency: 'cad' });
    expect(session.url).toBe(`${t.sim.url}/checkout/pay/${session.id}`);
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('Beans');
    expect(page).toContain('$30.00');
    const declined = await pay(session, '4000000000000002');
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('Your card was declined.');
    const paid = await pay(session, '4242 4242 4242 4242');
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`https://till.example/paid?session=${session.id}`);
    const done = t.check(await t.stripe.checkout.sessions.retrieve(session.id));
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const pi = await t.stripe.paymentIntents.retrieve(done.payment_intent as string);
    expect(pi).toMatchObject({ status: 'succeeded', amount: 3000, metadata: { order_id: 'O-42' } });
    const types = (await t.stripe.events.list({ limit: 4 })).data.map((e) => e.type);
    expect(types).toEqual([
      'checkout.session.completed',
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.payment_failed',
    ]);
    const items = await t.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data.map((i) => [i.description, i.quantity, i.amount_total])).toEqual([
      ['Beans', 2, 2500],
      ['Mug', 1, 500],
    ]);
    t.check(items);
  });

  it('3DS cards go through the challenge page and come back', async () => {
    const price = await t.stripe.prices.create({ currency: 'cad', unit_amount: 900, product_data: { name: 'Tea' } });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://till.example/ok',
    });
    const res = await pay(session, '4000002500003155');
    expect(res.status).toBe(303);
    const challenge = res.headers.get('location')!;
    expect(challenge).toContain('/3ds/challenge/pi_');
    const url = new URL(challenge);
    const piId = url.pathname.split('/').at(-1)!;
    const done = await t.http('POST', `/_simulator/3ds/${piId}/complete`, {
      key: t.sim.keys.publishable,
      body: `client_secret=${encodeURIComponent(url.searchParams.get('client_secret')!)}`,
    });
    expect(done.body.status).toBe('succeeded');
    const back = await fetch(`${t.sim.url}/checkout/pay/${session.id}/return`, { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('https://till.example/ok');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
  });

  it('9995 declines on the page with its message, the session stays open, and another card pays it', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'cad', unit_amount: 2599, product_data: { name: 'Kettle' } }, quantity: 1 },
      ],
      success_url: 'https://till.example/ok',
    });
    const declined = await pay(session, '4000 0000 0000 9995');
    expect(declined.status).toBe(200);
    const page = await declined.text();
    expect(page).toContain('Your card has insufficient funds.');
    expect(page).toContain('id="cardNumber"');
    const open = t.check(await t.stripe.checkout.sessions.retrieve(session.id));
    expect(open).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    const pi = await t.stripe.paymentIntents.retrieve(open.payment_intent as string, { expand: ['latest_charge'] });
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
    expect((pi.latest_charge as Stripe.Charge).outcome).toMatchObject({ type: 'issuer_declined' });
    const paid = await pay(session, '4242424242424242');
    expect(paid.headers.get('location')).toBe('https://till.example/ok');
    const done = t.check(await t.stripe.checkout.sessions.retrieve(session.id));
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', payment_intent: pi.id });
  });

  it('a failed 3D Secure challenge leaves the session open with the reason on the page', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'cad', unit_amount: 700, product_data: { name: 'Tart' } }, quantity: 1 }],
    });
    const res = await pay(session, '4000002500003155');
    const url = new URL(res.headers.get('location')!);
    const piId = url.pathname.split('/').at(-1)!;
    await t.http('POST', `/_simulator/3ds/${piId}/fail`, {
      key: t.sim.keys.publishable,
      body: `client_secret=${encodeURIComponent(url.searchParams.get('client_secret')!)}`,
    });
    const back = await fetch(`${t.sim.url}/checkout/pay/${session.id}/return`, { redirect: 'manual' });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('failed authentication');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const completed = (await t.stripe.events.list({ type: 'checkout.session.completed', limit: 100 })).data;
    expect(completed.some((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)).toBe(false);
  });

  it('4242 sends the events in Stripe’s order: PaymentIntent created, charge, PaymentIntent succeeded, session', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'cad', unit_amount: 1500, product_data: { name: 'Pie' } }, quantity: 1 }],
    });
    const seen: string[] = [];
    const unsubscribe = t.sim.events.subscribe((event) => seen.push(event.type));
    await pay(session, '4242424242424242');
    unsubscribe();
    expect(seen).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    const event = (await t.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0]!;
    const completed = event.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    const pi = await t.stripe.paymentIntents.retrieve(completed.payment_intent as string, {
      expand: ['latest_charge'],
    });
    expect((pi.latest_charge as Stripe.Charge).status).toBe('succeeded');
  });

  it('expires, with checkout.session.expired', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'cad', unit_amount: 100, product_data: { name: 'X' } }, quantity: 1 }],
    });
    const expired = await t.stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    expect((await t.stripe.events.list({ limit: 1 })).data[0]?.type).toBe('checkout.session.expired');
  });
});
