/**
 * Stripe's Python SDK (Debian's python3-stripe 5.0.0, which sends booleans as `True`/`False`) against the
 * simulator, through a small Flask shop like Stripe's own samples (shop/app.py): PaymentIntents with automatic
 * payment methods confirmed the way Stripe.js confirms them, card errors, 404s, idempotent replays, partial refunds,
 * and webhooks forwarded by the real `stripe listen` and verified with `stripe.Webhook.construct_event`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, pythonUnavailable, startShop, startSimulator, StripeCli, type Shop } from './support-python';

type RunningSimulator = Awaited<ReturnType<typeof startSimulator>>;

const unavailable = pythonUnavailable();
if (unavailable) console.warn(`Skipping the Python SDK suite: ${unavailable}`);

describe.skipIf(unavailable !== null)('the Python SDK, through a Flask shop', () => {
  let sim: RunningSimulator;
  let cli: StripeCli;
  let shop: Shop;
  let listenSecret: string;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, asyncDelayMs: 50 });
    cli = new StripeCli(() => ({ baseUrl: `http://127.0.0.1:${sim.port}`, secretKey: sim.keys.secret }));
    shop = await startShop({
      apiBase: sim.url,
      secretKey: sim.keys.secret,
      publishableKey: sim.keys.publishable,
      webhookSecret: sim.webhookSecret,
    });
    const listen = await cli.listen([
      '--forward-to',
      `${shop.url}/webhook`,
      '--events',
      'payment_intent.created,payment_intent.succeeded,payment_intent.payment_failed,charge.refunded',
    ]);
    listenSecret = listen.secret;
  }, 30_000);
  afterAll(async () => {
    await cli?.cleanup();
    await shop?.stop();
    await sim?.close();
  });

  /** JSON to and from the shop, as its front end calls it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shop's JSON, probed freely
  const callShop = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${shop.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  /** What the Payment Element's stripe.confirmPayment() posts: card details, the publishable key, the client secret. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Stripe's JSON, probed freely
  const confirmInBrowser = async (clientSecret: string, cardNumber: string): Promise<{ status: number; body: any }> => {
    const { publishableKey } = (await callShop('GET', '/config')).body as { publishableKey: string };
    const id = clientSecret.split('_secret_')[0]!;
    const year = new Date().getFullYear() + 2;
    const body = new URLSearchParams({
      return_url: `${shop.url}/complete`,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': cardNumber,
      'payment_method_data[card][cvc]': '123',
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': String(year),
      'payment_method_data[billing_details][address][postal_code]': '94103',
      expected_payment_method_type: 'card',
      use_stripe_sdk: 'true',
      key: publishableKey,
      client_secret: clientSecret,
    });
    const res = await fetch(`${sim.url}/v1/payment_intents/${id}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString().replace(/%5B/g, '[').replace(/%5D/g, ']'),
    });
    return { status: res.status, body: await res.json() };
  };

  const webhookLines = () => shop.output.filter((line) => line.startsWith('webhook '));
  /** Webhooks travel simulator → `stripe listen` → shop; on a busy machine that takes a few seconds. */
  const WEBHOOK_WAIT = { timeout: 15_000 };

  it('creates a PaymentIntent with automatic_payment_methods={"enabled": True}, and serves the publishable key', async () => {
    const config = await callShop('GET', '/config');
    expect(config.body).toEqual({ publishableKey: sim.keys.publishable });
    const created = await callShop('POST', '/create-payment-intent', { amount: 2450, currency: 'cad' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.clientSecret).toMatch(/^pi_\w+_secret_\w+$/);
    const stored = await (
      await fetch(`${sim.url}/v1/payment_intents/${created.body.id}`, {
        headers: { authorization: `Bearer ${sim.keys.secret}` },
      })
    ).json();
    expect(stored).toMatchObject({
      amount: 2450,
      currency: 'cad',
      status: 'requires_payment_method',
      automatic_payment_methods: { enabled: true },
    });
  });

  it.each([
    ['4242424242424242', 'pays', 200, 'succeeded', {}],
    [
      '4000000000009995',
      'is declined for insufficient funds',
      402,
      'requires_payment_method',
      { decline_code: 'insufficient_funds' },
    ],
    ['4000000000000002', 'is declined', 402, 'requires_payment_method', { decline_code: 'generic_decline' }],
    ['4000002500003155', 'needs 3D Secure', 200, 'requires_action', {}],
  ] as const)('card %s %s when the browser confirms', async (card, _what, httpStatus, piStatus, error) => {
    const created = await callShop('POST', '/create-payment-intent', { amount: 1999 });
    const confirmed = await confirmInBrowser(created.body.clientSecret, card);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(httpStatus);
    if (httpStatus === 402) {
      expect(confirmed.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', ...error });
    } else {
      expect(confirmed.body.status).toBe(piStatus);
    }
    if (piStatus === 'requires_action') expect(confirmed.body.next_action.type).toBe('use_stripe_sdk');
    // The shop, reading the order back with the Python SDK, sees the same state.
    const order = await callShop('GET', `/orders/${created.body.id}`);
    expect(order.body).toMatchObject({ id: created.body.id, status: piStatus });
    if (piStatus === 'succeeded') {
      await eventually(
        () =>
          expect(webhookLines(), shop.output.join('\n')).toContain(
            `webhook payment_intent.succeeded ${created.body.id}`,
          ),
        WEBHOOK_WAIT,
      );
    }
    if (httpStatus === 402) {
      await eventually(
        () =>
          expect(webhookLines(), shop.output.join('\n')).toContain(
            `webhook payment_intent.payment_failed ${created.body.id}`,
          ),
        WEBHOOK_WAIT,
      );
    }
  });

  it('surfaces declines as stripe.error.CardError with code, decline_code and the message for the customer', async () => {
    const declined = await callShop('POST', '/charge-saved-card', {
      amount: 3000,
      paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds',
    });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toEqual({
      class: 'CardError',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      param: null,
      message: 'Your card has insufficient funds.',
      http_status: 402,
      payment_intent_status: 'requires_payment_method',
    });
    const generic = await callShop('POST', '/charge-saved-card', {
      amount: 3000,
      paymentMethod: 'pm_card_chargeDeclined',
    });
    expect(generic.body.error).toMatchObject({
      class: 'CardError',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
    const paid = await callShop('POST', '/charge-saved-card', { amount: 3000, paymentMethod: 'pm_card_visa' });
    expect(paid.body.status).toBe('succeeded');
  });

  it('answers an unknown PaymentIntent with a 404 the SDK raises as InvalidRequestError', async () => {
    const missing = await callShop('GET', '/orders/pi_3NoSuchIntent000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      class: 'InvalidRequestError',
      code: 'resource_missing',
      param: 'intent',
      message: "No such payment_intent: 'pi_3NoSuchIntent000000000000'",
    });
  });

  it('replays the same Idempotency-Key as the same PaymentIntent, and refuses it with other parameters', async () => {
    const first = await callShop('POST', '/create-payment-intent', { orderId: 'A-17', amount: 1250 });
    const again = await callShop('POST', '/create-payment-intent', { orderId: 'A-17', amount: 1250 });
    expect(again.body).toEqual(first.body);
    const changed = await callShop('POST', '/create-payment-intent', { orderId: 'A-17', amount: 1300 });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toMatchObject({ class: 'IdempotencyError', http_status: 400 });
    expect(changed.body.error.message).toContain("Try using a key other than 'order-A-17'");
  });

  it('refunds part of a payment, then the rest, then refuses more', async () => {
    const paid = await callShop('POST', '/charge-saved-card', { amount: 5000, paymentMethod: 'pm_card_visa' });
    const part = await callShop('POST', `/orders/${paid.body.id}/refunds`, { amount: 1500 });
    expect(part.body).toMatchObject({
      status: 'succeeded',
      amount: 1500,
      charge_amount_refunded: 1500,
      charge_refunded: false,
    });
    const rest = await callShop('POST', `/orders/${paid.body.id}/refunds`, { amount: 3500 });
    expect(rest.body).toMatchObject({ amount: 3500, charge_amount_refunded: 5000, charge_refunded: true });
    const more = await callShop('POST', `/orders/${paid.body.id}/refunds`, { amount: 1 });
    expect(more.status).toBe(400);
    expect(more.body.error).toMatchObject({
      class: 'InvalidRequestError',
      message: expect.stringContaining('already been refunded'),
    });
    await eventually(
      () =>
        expect(
          webhookLines().filter((l) => l === `webhook charge.refunded ${part.body.charge}`),
          shop.output.join('\n'),
        ).toHaveLength(2),
      WEBHOOK_WAIT,
    );
  });

  it('verifies what `stripe listen` forwards with stripe.Webhook.construct_event, and refuses a forged signature', async () => {
    expect(listenSecret).toBe(sim.webhookSecret);
    const before = webhookLines().length;
    const created = await callShop('POST', '/create-payment-intent', { amount: 700 });
    await eventually(
      () =>
        expect(webhookLines(), shop.output.join('\n')).toContain(`webhook payment_intent.created ${created.body.id}`),
      WEBHOOK_WAIT,
    );
    expect(webhookLines().length).toBeGreaterThan(before);
    expect(shop.output.filter((l) => l.startsWith('webhook refused'))).toEqual([]);

    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_forged' } },
    });
    const forged = await fetch(`${shop.url}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
      },
      body: payload,
    });
    expect(forged.status).toBe(400);
    // The shop prints before answering, but its stdout may reach us after the response does.
    await eventually(
      () =>
        expect(shop.output).toContain(
          'webhook refused: No signatures found matching the expected signature for payload',
        ),
      WEBHOOK_WAIT,
    );
    expect(webhookLines(), shop.output.join('\n')).not.toContain('webhook payment_intent.succeeded pi_forged');
  });
});
