/**
 * Events: Stripe's order per action, listing (newest first, created ranges, type wildcard, types[], both
 * pagination directions), retrieve, retry; signatures that stripe-node verifies; webhook endpoints; the in-process
 * subscription API.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload } from '../src';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.close());

describe('events for a payment', () => {
  it('create → payment_intent.created; success → charge.succeeded, payment_intent.succeeded; shaped like Stripe', async () => {
    const seen: Stripe.Event[] = [];
    const unsubscribe = t.sim.events.subscribe((event) => seen.push(event));
    const pi = await t.stripe.paymentIntents.create(
      { amount: 1500, currency: 'cad', confirm: true, payment_method: 'pm_card_visa', ...CARD_ONLY },
      { idempotencyKey: 'evt-key-1' },
    );
    await new Promise((r) => setImmediate(r));
    unsubscribe();
    expect(seen.map((e) => e.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const listed = t.check(await t.stripe.events.list({ limit: 3 }));
    expect(listed.data.map((e) => e.id)).toEqual(seen.map((e) => e.id).reverse());
    for (const event of listed.data) {
      expect(event).toMatchObject({
        object: 'event',
        api_version: '2026-10-28.endive',
        livemode: false,
        pending_webhooks: 0,
        request: { id: pi.lastResponse.requestId, idempotency_key: 'evt-key-1' },
      });
      expect(event.id).toMatch(/^evt_[A-Za-z0-9]{24}$/);
    }
    // data.object is a snapshot taken when the event happened.
    expect((listed.data[2]!.data.object as Stripe.PaymentIntent).status).toBe('requires_payment_method');
    expect((listed.data[0]!.data.object as Stripe.PaymentIntent).status).toBe('succeeded');
  });

  it('decline → charge.failed, payment_intent.payment_failed; cancel → payment_intent.canceled', async () => {
    const err = await rejectionOf<Stripe.errors.StripeCardError>(() =>
      t.stripe.paymentIntents.create({
        amount: 1500,
        currency: 'cad',
        confirm: true,
        payment_method: 'pm_card_chargeDeclined',
        ...CARD_ONLY,
      }),
    );
    await t.stripe.paymentIntents.cancel(err.payment_intent!.id);
    const types = (await t.stripe.events.list({ limit: 4 })).data.map((e) => e.type).reverse();
    expect(types).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
      'payment_intent.canceled',
    ]);
    const failed = await t.stripe.events.list({ type: 'payment_intent.payment_failed', limit: 1 });
    expect((failed.data[0]!.data.object as Stripe.PaymentIntent).last_payment_error?.decline_code).toBe(
      'generic_decline',
    );
  });
});

describe('listing events', () => {
  let own: TestSim;
  const ids: Record<string, string[]> = {};
  let t0 = 0;

  beforeAll(async () => {
    own = await startTestSim();
    t0 = own.sim.context.now();
    for (let i = 0; i < 3; i++) {
      await own.stripe.customers.create({ email: `c${i}@example.com` });
      own.sim.admin.advanceClock(100);
      await own.stripe.products.create({ name: `P${i}` });
      own.sim.admin.advanceClock(100);
    }
    for (const e of (await own.stripe.events.list({ limit: 100 })).data) (ids[e.type] ??= []).push(e.id);
  });
  afterAll(() => own.close());

  it('newest first, with created ranges', async () => {
    const all = (await own.stripe.events.list({ limit: 100 })).data;
    expect(all.map((e) => e.type)).toEqual([
      'product.created',
      'customer.created',
      'product.created',
      'customer.created',
      'product.created',
      'customer.created',
    ]);
    const created = all.map((e) => e.created);
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    expect((await own.stripe.events.list({ created: { gt: t0 + 250 } })).data).toHaveLength(3);
    expect(
      (await own.stripe.events.list({ created: { gte: t0 + 100, lt: t0 + 300 } })).data.map((e) => e.type),
    ).toEqual(['customer.created', 'product.created']);
    expect((await own.stripe.events.list({ created: { lte: t0 } })).data).toHaveLength(1);
  });

  it('type (exact and with a * wildcard) and types[]', async () => {
    expect((await own.stripe.events.list({ type: 'customer.created' })).data).toHaveLength(3);
    expect((await own.stripe.events.list({ type: 'product.*' })).data.map((e) => e.id)).toEqual([
      ...ids['product.created']!,
    ]);
    expect((await own.stripe.events.list({ types: ['customer.created', 'product.created'] })).data).toHaveLength(6);
    const both = await own.http('GET', '/v1/events?type=customer.created&types[]=product.created');
    expect(both.status).toBe(400);
  });

  it('paginates both ways, and auto-pagination walks everything', async () => {
    const all = (await own.stripe.events.list({ limit: 100 })).data.map((e) => e.id);
    const p1 = await own.stripe.events.list({ limit: 4 });
    expect(p1.data.map((e) => e.id)).toEqual(all.slice(0, 4));
    expect(p1.has_more).toBe(true);
    const p2 = await own.stripe.events.list({ limit: 4, starting_after: p1.data.at(-1)!.id });
    expect(p2.data.map((e) => e.id)).toEqual(all.slice(4));
    expect(p2.has_more).toBe(false);
    const back = await own.stripe.events.list({ limit: 2, ending_before: all[4] });
    expect(back.data.map((e) => e.id)).toEqual(all.slice(2, 4));
    expect(back.has_more).toBe(true);
    const walked: string[] = [];
    for await (const e of own.stripe.events.list({ limit: 2, ending_before: all[5] })) walked.push(e.id);
    // stripe-node walks `ending_before` pages towards newer objects, each page read backwards.
    expect(walked).toEqual(all.slice(0, 5).reverse());
    const typed = await own.stripe.events.list({
      type: 'customer.created',
      limit: 1,
      starting_after: ids['customer.created']![0],
    });
    expect(typed.data.map((e) => e.id)).toEqual([ids['customer.created']![1]]);
    const missing = await rejectionOf<Stripe.errors.StripeError>(() =>
      own.stripe.events.list({ starting_after: 'evt_nope' }),
    );
    expect(missing.statusCode).toBe(404);
  });

  it('retrieve, 404, and retry re-delivers to subscribers', async () => {
    const [latest] = (await own.stripe.events.list({ limit: 1 })).data;
    expect(own.check(await own.stripe.events.retrieve(latest!.id))).toEqual(JSON.parse(JSON.stringify(latest)));
    const missing = await rejectionOf<Stripe.errors.StripeError>(() => own.stripe.events.retrieve('evt_missing'));
    expect(missing).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such event: 'evt_missing'",
    });
    const deliveries: Array<{ id: string; redelivery: boolean; forStripeCli: boolean }> = [];
    const off = own.sim.events.subscribe((e, d) => deliveries.push({ id: e.id, ...d }));
    const res = await own.http('POST', `/v1/events/${latest!.id}/retry`, { body: 'for_stripecli=true' });
    expect(res.status).toBe(200);
    await new Promise((r) => setImmediate(r));
    off();
    expect(deliveries).toEqual([{ id: latest!.id, redelivery: true, forStripeCli: true, webhookEndpoint: null }]);
  });
});

describe('signatures and webhook endpoints', () => {
  it('signPayload produces headers stripe.webhooks.constructEvent accepts', () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event' });
    const header = signPayload(payload, t.sim.webhookSecret, Math.floor(Date.now() / 1000));
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = t.stripe.webhooks.constructEvent(payload, header, t.sim.webhookSecret);
    expect(event.id).toBe('evt_1');
    expect(() => t.stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const ctx = t.sim.context.signPayload(payload);
    expect(t.stripe.webhooks.constructEvent(payload, ctx, t.sim.webhookSecret).id).toBe('evt_1');
  });

  it('POSTs signed events to registered endpoints; pending_webhooks counts down; retry re-sends', async () => {
    const received: Array<{ body: string; signature: string }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['stripe-signature']) });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const endpoint = t.check(
        await t.stripe.webhookEndpoints.create({ url, enabled_events: ['payment_intent.succeeded'] }),
      );
      expect(endpoint.secret).toMatch(/^whsec_/);
      expect((await t.stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
      const pi = await t.stripe.paymentIntents.create({
        amount: 990,
        currency: 'cad',
        confirm: true,
        payment_method: 'pm_card_visa',
        ...CARD_ONLY,
      });
      await expect.poll(() => received.length).toBe(1);
      const event = t.stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, endpoint.secret!);
      expect(event.type).toBe('payment_intent.succeeded');
      expect((event.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
      await expect.poll(async () => (await t.stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
      await t.stripe.events.retrieve(event.id);
      await t.http('POST', `/v1/events/${event.id}/retry`, { body: `webhook_endpoint=${endpoint.id}` });
      await expect.poll(() => received.length).toBe(2);
      expect(JSON.parse(received[1]!.body).id).toBe(event.id);
      const listed = await t.stripe.webhookEndpoints.list();
      expect(listed.data.map((w) => w.id)).toContain(endpoint.id);
      await t.stripe.webhookEndpoints.del(endpoint.id);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('catalog objects for stripe trigger', () => {
  it('customers, products, prices: created, retrieved, events', async () => {
    const customer = t.check(
      await t.stripe.customers.create({ email: 'jo@example.com', name: 'Jo', metadata: { till: '1' } }),
    );
    expect(t.check(await t.stripe.customers.retrieve(customer.id))).toMatchObject({ email: 'jo@example.com' });
    const updated = await t.stripe.customers.update(customer.id, { phone: '+12505550100' });
    expect(updated.phone).toBe('+12505550100');
    const product = t.check(await t.stripe.products.create({ name: 'Coffee beans' }));
    const price = t.check(await t.stripe.prices.create({ product: product.id, unit_amount: 1899, currency: 'cad' }));
    expect(t.check(await t.stripe.prices.retrieve(price.id)).unit_amount).toBe(1899);
    const types = (await t.stripe.events.list({ limit: 4 })).data.map((e) => e.type);
    expect(types).toEqual(['price.created', 'product.created', 'customer.updated', 'customer.created']);
    const pm = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(pm.customer).toBe(customer.id);
    const declining = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }),
    );
    expect(declining.statusCode).toBe(402);
    const ok = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(ok.customer).toBe(customer.id);
    const listed = t.check(await t.stripe.customers.listPaymentMethods(customer.id));
    expect(listed.data).toHaveLength(2);
  });
});
