/**
 * Keys (secret, restricted, publishable, live, missing), CORS, unknown URLs, Stripe's form encoding, and the
 * publishable view of a PaymentIntent.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

let t: TestSim;
let pk: string;
beforeAll(async () => {
  t = await startTestSim();
  pk = t.sim.keys.publishable;
});
afterAll(() => t.close());

const PK_REFUSED =
  'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.';

describe('API keys', () => {
  it('the restricted key works like the secret key', async () => {
    const rk = new Stripe(t.sim.keys.restricted, {
      host: '127.0.0.1',
      port: t.sim.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const pi = await rk.paymentIntents.create({ amount: 500, currency: 'cad', ...CARD_ONLY });
    expect(pi.status).toBe('requires_payment_method');
  });

  it('live keys are refused as Stripe refuses unknown keys (401)', async () => {
    const live = new Stripe('sk_live_abcdefghijklmnop1234', {
      host: '127.0.0.1',
      port: t.sim.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const err = await rejectionOf<Stripe.errors.StripeError>(() => live.paymentIntents.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
    expect(err.message).toBe('Invalid API Key provided: sk_live_****1234');
    const livePk = await t.http('POST', '/v1/payment_methods', { key: 'pk_live_zzzz9876', body: 'type=card' });
    expect(livePk.status).toBe(401);
    expect(livePk.body.error.message).toBe('Invalid API Key provided: pk_live_****9876');
  });

  it('a missing key gets Stripe’s 401 message', async () => {
    const res = await t.http('GET', '/v1/payment_intents', { key: null });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      type: 'invalid_request_error',
    });
  });

  it('HTTP Basic auth (curl -u sk_test_…:) works', async () => {
    const basic = Buffer.from(`${t.sim.keys.secret}:`).toString('base64');
    const res = await t.http('GET', '/v1/payment_intents?limit=1', {
      key: null,
      headers: { authorization: `Basic ${basic}` },
    });
    expect(res.status).toBe(200);
  });

  it('strictKeys refuses keys other than the simulator’s own', async () => {
    const strict = await startTestSim({ strictKeys: true });
    try {
      const res = await strict.http('GET', '/v1/events', { key: 'sk_test_someoneelse0000' });
      expect(res.status).toBe(401);
      expect((await strict.http('GET', '/v1/events')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('publishable key', () => {
  it('is refused on secret-only endpoints with Stripe’s message', async () => {
    const stripePk = new Stripe(pk, { host: '127.0.0.1', port: t.sim.port, protocol: 'http', maxNetworkRetries: 0 });
    for (const call of [
      () => stripePk.paymentIntents.create({ amount: 500, currency: 'cad' }),
      () => stripePk.paymentIntents.list(),
      () => stripePk.refunds.create({ charge: 'ch_x' }),
      () => stripePk.events.list(),
      () => stripePk.customers.create({}),
    ]) {
      const err = await rejectionOf<Stripe.errors.StripeError>(call);
      expect(err.statusCode).toBe(401);
      expect(err.message).toBe(PK_REFUSED);
    }
  });

  it('retrieves a PaymentIntent with its client_secret, as the publishable subset', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 800,
      currency: 'cad',
      metadata: { order: '9' },
      customer: undefined,
      ...CARD_ONLY,
    });
    const ok = await t.http('GET', `/v1/payment_intents/${pi.id}?client_secret=${pi.client_secret}`, { key: pk });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      id: pi.id,
      status: 'requires_payment_method',
      client_secret: pi.client_secret,
      amount: 800,
    });
    for (const hidden of ['metadata', 'customer', 'latest_charge', 'amount_received'])
      expect(ok.body).not.toHaveProperty(hidden);
    const noSecret = await t.http('GET', `/v1/payment_intents/${pi.id}`, { key: pk });
    expect(noSecret.status).toBe(401);
    const wrong = await t.http('GET', `/v1/payment_intents/${pi.id}?client_secret=${pi.id}_secret_nope`, { key: pk });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe(
      'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
    );
  });

  it('confirms with card details, the way Stripe.js does (key in the body, no Authorization header)', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 1200, currency: 'cad', ...CARD_ONLY });
    const year = new Date().getFullYear() + 1;
    const res = await t.http('POST', `/v1/payment_intents/${pi.id}/confirm`, {
      key: null,
      body:
        `payment_method_data[type]=card&payment_method_data[card][number]=4000000000009995&payment_method_data[card][cvc]=242` +
        `&payment_method_data[card][exp_month]=04&payment_method_data[card][exp_year]=${year}&expected_payment_method_type=card` +
        `&use_stripe_sdk=true&key=${pk}&client_secret=${pi.client_secret}`,
    });
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    expect(res.body.error.payment_intent.status).toBe('requires_payment_method');
    expect(res.body.error.payment_intent).not.toHaveProperty('metadata');
    const ok = await t.http('POST', `/v1/payment_intents/${pi.id}/confirm`, {
      key: pk,
      body: `payment_method=pm_card_visa&client_secret=${pi.client_secret}`,
    });
    expect(ok.body.status).toBe('succeeded');
    expect(ok.body).not.toHaveProperty('latest_charge');
  });

  it('creates PaymentMethods, with Stripe’s card data errors', async () => {
    const y = new Date().getFullYear();
    const create = (card: string) => t.http('POST', '/v1/payment_methods', { key: pk, body: `type=card&${card}` });
    const ok = await create(`card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=${y + 1}&card[cvc]=123`);
    expect(ok.status).toBe(200);
    t.check(ok.body);
    const cases: Array<[string, string, string, string]> = [
      [
        `card[number]=4242424242424241&card[exp_month]=12&card[exp_year]=${y + 1}`,
        'incorrect_number',
        'number',
        'Your card number is incorrect.',
      ],
      [
        `card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=${y - 1}`,
        'invalid_expiry_year',
        'exp_year',
        "Your card's expiration year is invalid.",
      ],
      [
        `card[number]=4242424242424242&card[exp_month]=13&card[exp_year]=${y + 1}`,
        'invalid_expiry_month',
        'exp_month',
        "Your card's expiration month is invalid.",
      ],
      [
        `card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=${y + 1}&card[cvc]=12`,
        'invalid_cvc',
        'cvc',
        "Your card's security code is invalid.",
      ],
    ];
    for (const [card, code, param, message] of cases) {
      const res = await create(card);
      expect(res.status, code).toBe(402);
      expect(res.body.error).toEqual({
        code,
        doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`,
        message,
        param,
        type: 'card_error',
      });
    }
  });
});

describe('card tokens (Stripe.js createToken)', () => {
  it('a publishable key makes a token; it becomes a PaymentMethod once', async () => {
    const y = new Date().getFullYear() + 1;
    const res = await t.http('POST', '/v1/tokens', {
      key: pk,
      body: `card[number]=5555555555554444&card[exp_month]=10&card[exp_year]=${y}&card[cvc]=321&card[address_zip]=V2C1A1`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'token',
      type: 'card',
      used: false,
      card: { last4: '4444', brand: 'MasterCard' },
    });
    const pm = t.check(await t.stripe.paymentMethods.create({ type: 'card', card: { token: res.body.id } }));
    expect(pm.card).toMatchObject({ last4: '4444', brand: 'mastercard', exp_month: 10 });
    const again = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentMethods.create({ type: 'card', card: { token: res.body.id } }),
    );
    expect(again.code).toBe('token_already_used');
    const pi = await t.stripe.paymentIntents.create({
      amount: 600,
      currency: 'cad',
      confirm: true,
      payment_method: pm.id,
      ...CARD_ONLY,
    });
    expect(pi.status).toBe('succeeded');
  });
});

describe('wire format', () => {
  it('answers unknown URLs with Stripe’s 404', async () => {
    const res = await t.http('GET', '/v1/foo');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'Unrecognized request URL (GET: /v1/foo). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
    );
    expect(res.body.error.type).toBe('invalid_request_error');
  });

  it('sends CORS headers and answers preflights like api.stripe.com', async () => {
    const pre = await fetch(`${t.sim.url}/v1/payment_intents/pi_x/confirm`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.till.invalid',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    const res = await t.http('GET', '/v1/events?limit=1');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('parses nested brackets, indexed arrays, [] arrays, encoded brackets and empty values', async () => {
    const body =
      'amount=1500&currency=cad&metadata%5Border%5D=A-7&metadata[note]=&payment_method_types[]=card' +
      '&shipping[name]=Jo&shipping[address][line1]=1%20Main%20St&shipping[address][city]=Kamloops&description=';
    const res = await t.http('POST', '/v1/payment_intents', { body });
    expect(res.status).toBe(200);
    expect(res.body.metadata).toEqual({ order: 'A-7' });
    expect(res.body.payment_method_types).toEqual(['card']);
    expect(res.body.shipping).toMatchObject({ name: 'Jo', address: { line1: '1 Main St', city: 'Kamloops' } });
    expect(res.body.description).toBeNull();
    const indexed = await t.http('GET', `/v1/events?types[0]=payment_intent.created&types[1]=charge.refunded&limit=1`);
    expect(indexed.status).toBe(200);
    expect(indexed.body.data[0].type).toBe('payment_intent.created');
    const cleared = await t.http('POST', `/v1/payment_intents/${res.body.id}`, { body: 'metadata=' });
    expect(cleared.body.metadata).toEqual({});
  });

  it('echoes the Stripe-Version it was sent, and types integers', async () => {
    const res = await t.http('GET', '/v1/events?limit=1', { headers: { 'stripe-version': '2024-06-20' } });
    expect(res.headers.get('stripe-version')).toBe('2024-06-20');
    const bad = await t.http('POST', '/v1/payment_intents', { body: 'amount=abc&currency=cad' });
    expect(bad.body.error).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'amount',
      message: 'Invalid integer: abc',
    });
  });
});
