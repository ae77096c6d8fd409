import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '#core/db/audit-log';
import { createEventsApiPoller } from '#core/events/events-api-poller';
import { createOrderStore } from '#core/orders/order-store';
import { createLinkRestore } from '#core/payments/link-restore';
import { createLinkStore } from '#core/payments/link-store';
import { createOrderLock } from '#core/payments/order-lock';
import { createPayByLink, type PayByLink } from '#core/payments/pay-by-link';
import { createStripeClient } from '#core/payments/stripe-client';
import { createPushHub } from '#core/push/push-hub';
import { createLogger } from '#core/log';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { payOnHostedPage } from '../support/hosted-checkout';
import { startTill, type TestTill } from '../support/till';

/** Pay-by-link, the service alone (the channels and the page come next): a Checkout Session per order, crash-safe. */
describe('pay-by-link', () => {
  let core: TestTill;
  let stripe: Stripe;
  let links: PayByLink;
  const owner = {
    session: 'links',
    window: 'checkout' as const,
    staff: { id: 'owner', name: 'Owner', role: 'owner' as const },
  };
  const request = (checkoutId: string, quantity = 1) => ({
    checkoutId,
    cart: { lines: [{ kind: 'product' as const, productId: core.productId('BT-510'), quantity }] },
    customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
    note: '',
  });
  beforeEach(async () => {
    core = await startTill({ training: true });
    await core.call('settings.update', { linkReturnUrl: 'https://shop.example/thanks', pin: TEST_OWNER_PIN });
    stripe = createStripeClient(core.training!.connection, 'test');
    const db = core.till.db;
    links = createPayByLink({
      stripe,
      orders: createOrderStore(db),
      links: createLinkStore(db),
      audit: createAuditLog(db),
      // The quote main made for the cart (checkout.quote, below), as checkout prices it.
      price: (cart) => pricedThroughContract(cart),
      linkMinutes: () => 60,
      successUrl: () => 'https://shop.example/thanks',
      withOrderLock: createOrderLock('busy').run,
      push: createPushHub(),
      log: createLogger({ level: 'silent' }),
      retry: { attempts: 2, delayMs: () => 5 },
    });
  });
  afterEach(() => core.stop());

  /** Stripe's events, brought in on demand as the Events API source brings them. */
  const eventsApiPoller = () =>
    createEventsApiPoller({
      stripe,
      processor: core.till.events,
      db: core.till.db,
      push: core.till.push,
      log: createLogger({ level: 'silent' }),
    });

  let priced: Map<string, unknown>;
  function pricedThroughContract(cart: unknown) {
    return priced.get(JSON.stringify(cart)) as never;
  }
  async function price(checkoutId: string, quantity = 1) {
    const r = request(checkoutId, quantity);
    const quote = await core.call('checkout.quote', r.cart);
    if (!quote.ok) throw new Error(quote.error.message);
    priced ??= new Map();
    priced.set(JSON.stringify(r.cart), quote.value);
    return r;
  }

  it('sends a link for the order’s total, writes it before Stripe is called, and gives the same link back', async () => {
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b001', 2);
    const sent = await links.send(r, owner);
    expect(sent).toMatchObject({ status: 'open', url: expect.stringMatching(/\/checkout\/pay\/cs_/) });
    const session = (await stripe.checkout.sessions.list({ limit: 1 })).data[0]!;
    const order = core.till.db.prepare('SELECT total FROM orders WHERE id = ?').get(sent.orderId) as { total: number };
    expect(session).toMatchObject({ amount_total: order.total, metadata: { till_order_id: sent.orderId } });
    expect(await links.send(r, owner)).toMatchObject({ status: 'open', url: sent.url });
    expect((await stripe.checkout.sessions.list({ limit: 10 })).data).toHaveLength(1);
  });

  it('makes the session once when the log has the link but not Stripe’s answer (a crash between the two)', async () => {
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b002');
    const first = await links.send(r, owner);
    // As after a crash before the answer was written: the row goes back to `creating`, its key and request kept.
    core.till.db.prepare("UPDATE payment_links SET status = 'creating', session_id = NULL, url = NULL").run();
    expect(await links.settleUnanswered()).toBe(1);
    const row = core.till.db.prepare('SELECT status, url FROM payment_links').get() as { status: string; url: string };
    expect(row).toEqual({ status: 'open', url: first.url });
    expect((await stripe.checkout.sessions.list({ limit: 10 })).data).toHaveLength(1);
  });

  it('writes back the sessions Stripe has for an order whose link rows the log lost, and a paid one pays it', async () => {
    const waiting = await core.call<{ url: string; orderId: string }>(
      'checkout.sendLink',
      await price('0190b6a0-7c4d-7d4e-8f00-00000000b030'),
    );
    const paid = await core.call<{ url: string; orderId: string }>(
      'checkout.sendLink',
      await price('0190b6a0-7c4d-7d4e-8f00-00000000b031'),
    );
    if (!waiting.ok || !paid.ok) throw new Error('no link');
    expect((await payOnHostedPage(paid.value.url, '4242424242424242')).status).toBe(303);
    // As after restoring a backup taken before the links were sent: the orders are there, their links are not.
    core.till.db.prepare('DELETE FROM payment_links').run();

    const report = await core.till.reconciler!.run();
    expect(report.linksRestored).toBe(2);
    expect(await core.call('checkout.link', { orderId: waiting.value.orderId })).toMatchObject({
      ok: true,
      value: { link: { state: 'waiting', url: waiting.value.url } },
    });
    const status = core.till.db.prepare('SELECT status FROM orders WHERE id = ?').pluck();
    expect(status.get(paid.value.orderId)).toBe('paid');
    expect(status.get(waiting.value.orderId)).toBe('open');
    // A second pass finds nothing more to restore, and a restored link is never sent to Stripe again.
    expect((await core.till.reconciler!.run()).linksRestored).toBe(0);
    expect((await stripe.checkout.sessions.list({ limit: 10 })).data).toHaveLength(2);
  });

  it('does not write back a session whose link row is still waiting for its answer: the resend settles it', async () => {
    const sent = await links.send(await price('0190b6a0-7c4d-7d4e-8f00-00000000b032'), owner);
    // Stripe made the session; the log has the row, unanswered (a lost answer, or one still on its way).
    core.till.db.prepare("UPDATE payment_links SET status = 'unknown', session_id = NULL, url = NULL").run();
    const restore = createLinkRestore({
      stripe,
      orders: createOrderStore(core.till.db),
      links: createLinkStore(core.till.db),
      audit: createAuditLog(core.till.db),
      withOrderLock: createOrderLock('busy').run,
      push: createPushHub(),
      log: createLogger({ level: 'silent' }),
    });
    expect(await restore.restoreLost()).toBe(0);
    expect(await links.settleUnanswered()).toBe(1);
    const rows = core.till.db.prepare('SELECT status, url FROM payment_links').all();
    expect(rows).toEqual([{ status: 'open', url: sent.url }]);
    expect(await restore.restoreLost()).toBe(0);
  });

  it('a declined card on the page keeps the link open; a good one pays it, and then it cannot be closed', async () => {
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b003');
    const sent = await links.send(r, owner);
    expect((await payOnHostedPage(sent.url!, '4000000000009995')).status).toBe(200);
    expect((await stripe.checkout.sessions.list({ limit: 1 })).data[0]!.status).toBe('open');
    expect((await payOnHostedPage(sent.url!, '4242424242424242')).status).toBe(303);
    expect(await links.close(sent.orderId, owner)).toBe('paid');
  });

  it('closes an open link at Stripe when the clerk cancels it or keys the card instead', async () => {
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b004');
    const sent = await links.send(r, owner);
    expect(await links.close(sent.orderId, owner)).toBe('closed');
    expect((await stripe.checkout.sessions.list({ limit: 1 })).data[0]!.status).toBe('expired');
    expect((await payOnHostedPage(sent.url!, '4242424242424242')).status).not.toBe(303);
  });

  it('turns the order paid and the link complete from Stripe’s events, and an expired link expired', async () => {
    const poller = eventsApiPoller();
    try {
      const paid = await links.send(await price('0190b6a0-7c4d-7d4e-8f00-00000000b005'), owner);
      const expired = await links.send(await price('0190b6a0-7c4d-7d4e-8f00-00000000b006'), owner);
      expect((await payOnHostedPage(paid.url!, '4242424242424242')).status).toBe(303);
      const session = (await stripe.checkout.sessions.list({ limit: 10 })).data.find((s) => s.url === expired.url)!;
      await stripe.checkout.sessions.expire(session.id);
      await poller.pollOnce();
      const state = (orderId: string) =>
        core.till.db
          .prepare(
            `SELECT o.status, o.payment_intent_id IS NOT NULL AS has_intent, l.status AS link
               FROM orders o JOIN payment_links l ON l.order_id = o.id WHERE o.id = ?`,
          )
          .get(orderId);
      expect(state(paid.orderId)).toEqual({ status: 'paid', has_intent: 1, link: 'complete' });
      expect(state(expired.orderId)).toEqual({ status: 'open', has_intent: 0, link: 'expired' });
      const stored = core.till.db
        .prepare("SELECT payload FROM stripe_events WHERE type LIKE 'checkout.session.%'")
        .pluck()
        .all();
      expect(stored.join()).not.toMatch(/_secret_|pat@example\.com/);
    } finally {
      await poller.stop();
    }
  });

  it('waits for the shop’s web address, where Stripe sends the customer after paying', async () => {
    await core.call('settings.update', { linkReturnUrl: null, pin: TEST_OWNER_PIN });
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b010');
    expect(await core.call('checkout.sendLink', r)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: /enter your shop's web address in Payment settings/ },
    });
    expect(await core.call('settings.update', { linkReturnUrl: 'myshop.ca', pin: TEST_OWNER_PIN })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'linkReturnUrl' },
    });
    expect((await stripe.checkout.sessions.list({ limit: 10 })).data).toHaveLength(0);
  });

  it('through the contract: a link paid on the customer’s phone leaves nothing for the card form to charge', async () => {
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b007');
    const sent = await core.call<{ url: string; orderId: string }>('checkout.sendLink', r);
    if (!sent.ok) throw new Error(sent.error.message);
    expect((await payOnHostedPage(sent.value.url, '4242424242424242')).status).toBe(303);
    // The clerk, not knowing, keys a card for the same order: Stripe says the link was paid, and no card is charged.
    const keyed = await core.call<{ status: string }>('checkout.pay', {
      ...r,
      confirmationTokenId: await core.confirmationToken('5555555555554444'),
    });
    expect(keyed).toMatchObject({ ok: true, value: { status: 'paid' } });
    const intents = await stripe.paymentIntents.list({ limit: 10 });
    expect(intents.data.filter((pi) => pi.metadata.till_order_id === sent.value.orderId)).toHaveLength(1);
    expect(await core.call('checkout.sendLink', r)).toMatchObject({ ok: true, value: { status: 'paid' } });
  });

  it('through the contract: keying the card closes the open link first, so the customer cannot pay it too', async () => {
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b008');
    const sent = await core.call<{ url: string }>('checkout.sendLink', r);
    if (!sent.ok) throw new Error(sent.error.message);
    const keyed = await core.call('checkout.pay', {
      ...r,
      confirmationTokenId: await core.confirmationToken('4242424242424242'),
    });
    expect(keyed).toMatchObject({ ok: true, value: { status: 'paid' } });
    expect((await payOnHostedPage(sent.value.url, '4242424242424242')).status).not.toBe(303);
  });

  it('a new total closes the link sent for the old one, so the customer can never pay an old total', async () => {
    const one = await price('0190b6a0-7c4d-7d4e-8f00-00000000b009', 1);
    const first = await links.send(one, owner);
    const two = await price('0190b6a0-7c4d-7d4e-8f00-00000000b009', 2);
    const second = await links.send(two, owner);
    expect(second.url).not.toBe(first.url);
    const sessions = (await stripe.checkout.sessions.list({ limit: 10 })).data;
    expect(sessions.map((session) => session.status).sort()).toEqual(['expired', 'open']);
    expect((await payOnHostedPage(first.url!, '4242424242424242')).status).not.toBe(303);
  });

  it('shows the link in Checkout and the history: waiting for the customer, then expired, in the order’s timeline', async () => {
    const poller = eventsApiPoller();
    try {
      const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b011');
      const sent = await core.call<{ url: string; orderId: string }>('checkout.sendLink', r);
      if (!sent.ok) throw new Error(sent.error.message);
      const { orderId } = sent.value;
      const listed = async () => {
        const page = await core.call<{ orders: { id: string; status: string; linkState: string | null }[] }>(
          'orders.list',
          {},
        );
        return page.ok ? page.value.orders.find((order) => order.id === orderId) : null;
      };
      expect(await listed()).toMatchObject({ status: 'open', linkState: 'waiting' });
      expect(await core.call('checkout.link', { orderId })).toMatchObject({
        ok: true,
        value: { link: { linkNo: 1, state: 'waiting', url: sent.value.url } },
      });

      const session = (await stripe.checkout.sessions.list({ limit: 1 })).data[0]!;
      await stripe.checkout.sessions.expire(session.id);
      await poller.pollOnce();
      expect(await listed()).toMatchObject({ status: 'open', linkState: 'expired' });
      expect(await core.call('checkout.link', { orderId })).toMatchObject({
        ok: true,
        value: { link: { state: 'expired', url: null } },
      });
      const detail = await core.call<{ link: unknown; timeline: { title: string; detail: string | null }[] }>(
        'orders.get',
        { orderId },
      );
      if (!detail.ok) throw new Error(detail.error.message);
      expect(detail.value.link).toMatchObject({ state: 'expired', url: null });
      const told = detail.value.timeline.map((entry) => `${entry.title} | ${entry.detail ?? ''}`);
      expect(told).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Payment link 1 for \$[\d.]+: expired, not paid \| sent by Owner · open for 60 minutes$/,
          ),
          expect.stringMatching(/^Stripe: payment link closed \| evt_\w+ via Events API$/),
        ]),
      );
    } finally {
      await poller.stop();
    }
  });

  it('a link and a keyed card at the same moment for one order: one payment, whichever comes first', async () => {
    for (const [n, card] of ['4242424242424242', '4000000000009995'].entries()) {
      const r = await price(`0190b6a0-7c4d-7d4e-8f00-00000000b02${n}`);
      const token = await core.confirmationToken(card);
      const [link, keyed] = await Promise.all([
        core.call<{ orderId: string }>('checkout.sendLink', r),
        core.call<{ orderId: string; status: string }>('checkout.pay', { ...r, confirmationTokenId: token }),
      ]);
      const orderId = link.ok ? link.value.orderId : keyed.ok ? keyed.value.orderId : '';
      // The order lock lets one through at a time; the other waits its turn or is told a payment is under way.
      // Unless the card paid, the clerk then sends the link (the same one if it is still open), and the caller tries
      // every link the order ever had.
      const keyedPaid = keyed.ok && keyed.value.status === 'paid';
      if (!keyedPaid) await core.call('checkout.sendLink', r);
      const sessions = (await stripe.checkout.sessions.list({ limit: 20 })).data.filter(
        (session) => session.metadata?.till_order_id === orderId,
      );
      let paidOnPage = 0;
      for (const session of sessions) {
        // A closed session has no page left (its url is null, as at Stripe).
        if (session.url && (await payOnHostedPage(session.url, '4242424242424242')).status === 303) paidOnPage++;
      }
      const succeeded = (await stripe.paymentIntents.list({ limit: 20 })).data.filter(
        (pi) => pi.metadata.till_order_id === orderId && pi.status === 'succeeded',
      );
      expect(succeeded).toHaveLength(1);
      expect(paidOnPage + Number(keyedPaid)).toBe(1);
    }
  });

  it('a link Stripe already closed, which the log still shows open (a crash before the answer), counts as closed', async () => {
    const sent = await links.send(await price('0190b6a0-7c4d-7d4e-8f00-00000000b011'), owner);
    // As when Till stopped after Stripe expired the session and before the log heard: the card can be keyed now.
    const session = (await stripe.checkout.sessions.list({ limit: 1 })).data[0]!;
    await stripe.checkout.sessions.expire(session.id);
    expect(await links.close(sent.orderId, owner)).toBe('closed');
    expect(core.till.db.prepare('SELECT status FROM payment_links').pluck().get()).toBe('expired');
  });

  it('keying the card while a link’s answer never came closes that link too, so it is not left payable', async () => {
    const r = await price('0190b6a0-7c4d-7d4e-8f00-00000000b012');
    expect(await core.call('checkout.sendLink', r)).toMatchObject({ ok: true, value: { status: 'open' } });
    // As when Stripe's answer was lost: Stripe made the session, the log has the link unanswered.
    core.till.db.prepare("UPDATE payment_links SET status = 'unknown', session_id = NULL, url = NULL").run();
    const keyed = await core.call('checkout.pay', {
      ...r,
      confirmationTokenId: await core.confirmationToken('4242424242424242'),
    });
    expect(keyed).toMatchObject({ ok: true, value: { status: 'paid' } });
    await core.till.reconciler!.run();
    expect((await stripe.checkout.sessions.list({ limit: 10 })).data.map((s) => s.status)).toEqual(['expired']);
    expect(core.till.db.prepare('SELECT status FROM payment_links').pluck().all()).toEqual(['canceled']);
  });
});
