/**
 * PaymentIntents end to end over real HTTP with stripe-node: the four cards Till's training relies on (success,
 * insufficient funds, 3D Secure, generic decline), by number, by test PaymentMethod id and through ConfirmationTokens;
 * 3DS completed and failed through the challenge endpoints; MOTO; manual capture; list and search.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.close());

const card = (number: string) => ({
  type: 'card' as const,
  card: { number, exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: '123' },
});

async function createAndConfirmWithCard(number: string): Promise<Stripe.PaymentIntent> {
  const pi = t.check(await t.stripe.paymentIntents.create({ amount: 2500, currency: 'cad', ...CARD_ONLY }));
  expect(pi.status).toBe('requires_payment_method');
  return t.check(
    await t.stripe.paymentIntents.confirm(pi.id, {
      payment_method_data: card(number) as Stripe.PaymentIntentConfirmParams.PaymentMethodData,
    }),
  );
}

async function completeChallenge(pi: Stripe.PaymentIntent, action: 'complete' | 'fail', key = t.sim.keys.publishable) {
  return t.http('POST', `/_simulator/3ds/${pi.id}/${action}`, {
    key,
    body: `client_secret=${encodeURIComponent(pi.client_secret!)}`,
  });
}

describe('4242424242424242 succeeds', () => {
  it('by number: create → confirm → succeeded with a succeeded charge', async () => {
    const pi = await createAndConfirmWithCard('4242424242424242');
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(2500);
    expect(pi.last_payment_error).toBeNull();
    const charge = t.check(await t.stripe.charges.retrieve(pi.latest_charge as string));
    expect(charge).toMatchObject({
      status: 'succeeded',
      paid: true,
      captured: true,
      amount: 2500,
      payment_intent: pi.id,
    });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242', network: 'visa' });
    expect(charge.outcome).toMatchObject({ type: 'authorized', network_status: 'approved_by_network' });
  });

  it('by test PaymentMethod id, in one create-and-confirm call (what `stripe trigger` sends)', async () => {
    const pi = t.check(
      await t.stripe.paymentIntents.create({
        amount: 2000,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_visa',
        ...CARD_ONLY,
        metadata: { order_id: 'A-1' },
      }),
    );
    expect(pi.status).toBe('succeeded');
    expect(pi.payment_method).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    expect(pi.metadata).toEqual({ order_id: 'A-1' });
    expect(pi.lastResponse.headers['request-id']).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(pi.lastResponse.headers['stripe-version']).toBe('2026-10-28.endive');
  });

  it('through a ConfirmationToken made with the publishable key (the deferred Payment Element flow)', async () => {
    const token = await t.http('POST', '/v1/confirmation_tokens', {
      key: t.sim.keys.publishable,
      body:
        'payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242' +
        `&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=${new Date().getFullYear() + 1}` +
        '&payment_method_data[card][cvc]=123&payment_method_data[billing_details][name]=Jo%20Caller',
    });
    expect(token.status).toBe(200);
    expect(token.body.id).toMatch(/^ctoken_/);
    expect(token.body.payment_method_preview.card).toMatchObject({ brand: 'visa', last4: '4242' });
    const retrieved = await t.stripe.confirmationTokens.retrieve(token.body.id);
    expect(retrieved.payment_method_preview?.billing_details.name).toBe('Jo Caller');
    const pi = t.check(
      await t.stripe.paymentIntents.create({
        amount: 1234,
        currency: 'cad',
        confirm: true,
        confirmation_token: token.body.id,
        ...CARD_ONLY,
      }),
    );
    expect(pi.status).toBe('succeeded');
    const reused = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({
        amount: 1234,
        currency: 'cad',
        confirm: true,
        confirmation_token: token.body.id,
        ...CARD_ONLY,
      }),
    );
    expect(reused.statusCode).toBe(400);
    expect(reused.param).toBe('confirmation_token');
  });

  it('refuses server-side confirmation without return_url when automatic payment methods allow redirects (as Stripe)', async () => {
    const err = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({ amount: 1000, currency: 'cad', confirm: true, payment_method: 'pm_card_visa' }),
    );
    expect(err.type).toBe('StripeInvalidRequestError');
    expect(err.message).toMatch(/^A `return_url` must be specified/);
    const ok = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'cad',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(ok.status).toBe('succeeded');
    expect(ok.automatic_payment_methods).toEqual({ allow_redirects: 'never', enabled: true });
  });
});

describe('declines: 402 card_error with the PaymentIntent embedded', () => {
  const cases = [
    [
      '4000000000009995',
      'pm_card_visa_chargeDeclinedInsufficientFunds',
      'insufficient_funds',
      'Your card has insufficient funds.',
    ],
    ['4000000000000002', 'pm_card_visa_chargeDeclined', 'generic_decline', 'Your card was declined.'],
  ] as const;

  for (const [number, pmId, declineCode, message] of cases) {
    it(`${number} → ${declineCode} (by number)`, async () => {
      const pi = t.check(await t.stripe.paymentIntents.create({ amount: 990, currency: 'cad', ...CARD_ONLY }));
      const err = await rejectionOf<Stripe.errors.StripeCardError>(() =>
        t.stripe.paymentIntents.confirm(pi.id, {
          payment_method_data: card(number) as Stripe.PaymentIntentConfirmParams.PaymentMethodData,
        }),
      );
      expect(err.type).toBe('StripeCardError');
      expect(err.statusCode).toBe(402);
      expect(err.rawType).toBe('card_error');
      expect(err.code).toBe('card_declined');
      expect(err.decline_code).toBe(declineCode);
      expect(err.message).toBe(message);
      expect(err.doc_url).toBe('https://stripe.com/docs/error-codes/card-declined');
      expect(err.charge).toMatch(/^ch_/);
      t.check(err.raw);
      const embedded = err.payment_intent!;
      expect(embedded.id).toBe(pi.id);
      expect(embedded.status).toBe('requires_payment_method');
      expect(embedded.payment_method).toBeNull();
      expect(embedded.latest_charge).toBe(err.charge);
      expect(embedded.last_payment_error).toMatchObject({
        type: 'card_error',
        code: 'card_declined',
        decline_code: declineCode,
        charge: err.charge,
        message,
      });
      expect(embedded.last_payment_error?.payment_method?.card?.last4).toBe(number.slice(-4));
      const charge = t.check(await t.stripe.charges.retrieve(err.charge!));
      expect(charge).toMatchObject({
        status: 'failed',
        paid: false,
        failure_code: 'card_declined',
        failure_message: message,
      });
      expect(charge.outcome).toMatchObject({ type: 'issuer_declined', reason: declineCode });
    });

    it(`${pmId} → ${declineCode} (by test PaymentMethod id), then a good card on the same PaymentIntent`, async () => {
      const err = await rejectionOf<Stripe.errors.StripeCardError>(() =>
        t.stripe.paymentIntents.create({
          amount: 990,
          currency: 'cad',
          confirm: true,
          payment_method: pmId,
          ...CARD_ONLY,
        }),
      );
      expect(err.decline_code).toBe(declineCode);
      const retried = await t.stripe.paymentIntents.confirm(err.payment_intent!.id, { payment_method: 'pm_card_visa' });
      expect(retried.status).toBe('succeeded');
      expect(retried.last_payment_error).toBeNull();
    });
  }

  it('a declined ConfirmationToken card also declines', async () => {
    const token = await t.stripe.testHelpers.confirmationTokens.create({
      payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds',
    });
    const err = await rejectionOf<Stripe.errors.StripeCardError>(() =>
      t.stripe.paymentIntents.create({
        amount: 700,
        currency: 'cad',
        confirm: true,
        confirmation_token: token.id,
        ...CARD_ONLY,
      }),
    );
    expect(err.decline_code).toBe('insufficient_funds');
  });
});

describe('4000002500003155 requires 3D Secure', () => {
  it('confirm → requires_action with the simulator challenge page; completing succeeds', async () => {
    const pi = await createAndConfirmWithCard('4000002500003155');
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    const sdk = pi.next_action?.use_stripe_sdk as unknown as { type: string; stripe_js: string };
    expect(sdk.type).toBe('three_d_secure_redirect');
    expect(sdk.stripe_js).toBe(
      `${t.sim.url}/3ds/challenge/${pi.id}?client_secret=${encodeURIComponent(pi.client_secret!)}`,
    );
    const page = await fetch(sdk.stripe_js);
    const html = await page.text();
    expect(html).toContain('id="test-source-authorize-3ds"');
    expect(html).toContain('Complete authentication');
    expect(html).toContain('id="test-source-fail-3ds"');
    const done = await completeChallenge(pi, 'complete');
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('succeeded');
    expect(done.body.metadata).toBeUndefined(); // publishable subset
    const after = t.check(await t.stripe.paymentIntents.retrieve(pi.id));
    expect(after.status).toBe('succeeded');
    const charge = await t.stripe.charges.retrieve(after.latest_charge as string);
    expect(charge.payment_method_details?.card?.three_d_secure).toMatchObject({ result: 'authenticated' });
    const types = (await t.stripe.events.list({ limit: 10 })).data
      .filter(
        (e) =>
          (e.data.object as { id: string }).id === pi.id || (e.data.object as Stripe.Charge).payment_intent === pi.id,
      )
      .map((e) => e.type);
    expect(types).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.requires_action',
      'payment_intent.created',
    ]);
  });

  it('failing the challenge → requires_payment_method with payment_intent_authentication_failure', async () => {
    const pi = t.check(
      await t.stripe.paymentIntents.create({
        amount: 4200,
        currency: 'cad',
        confirm: true,
        payment_method: 'pm_card_authenticationRequiredOnSetup',
        ...CARD_ONLY,
      }),
    );
    expect(pi.status).toBe('requires_action');
    const failed = await completeChallenge(pi, 'fail', t.sim.keys.secret);
    expect(failed.status).toBe(200);
    const after = t.check(await t.stripe.paymentIntents.retrieve(pi.id));
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({
      code: 'payment_intent_authentication_failure',
      type: 'invalid_request_error',
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    });
    expect(after.latest_charge).toBeNull();
    const again = await completeChallenge(pi, 'complete');
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('payment_intent_unexpected_state');
  });

  it('with a return_url: redirect_to_url to the challenge page, which returns to it', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 500,
      currency: 'cad',
      confirm: true,
      payment_method: 'pm_card_threeDSecure2Required',
      return_url: 'https://till.example/return',
      ...CARD_ONLY,
    });
    expect(pi.next_action?.type).toBe('redirect_to_url');
    expect(pi.next_action?.redirect_to_url?.return_url).toBe('https://till.example/return');
    expect(pi.next_action?.redirect_to_url?.url).toContain(`/3ds/challenge/${pi.id}?client_secret=`);
    expect(pi.next_action?.redirect_to_url?.url).toContain('return_url=https%3A%2F%2Ftill.example%2Freturn');
  });

  it('a wrong client_secret is refused with a publishable key', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 500,
      currency: 'cad',
      confirm: true,
      payment_method: 'pm_card_threeDSecure2Required',
      ...CARD_ONLY,
    });
    const res = await t.http('POST', `/_simulator/3ds/${pi.id}/complete`, {
      key: t.sim.keys.publishable,
      body: 'client_secret=nope',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'payment_intent_invalid_parameter', param: 'client_secret' });
  });

  it('4000008260003178 authenticates, then declines for insufficient funds', async () => {
    const pi = await createAndConfirmWithCard('4000008260003178');
    expect(pi.status).toBe('requires_action');
    const done = await completeChallenge(pi, 'complete');
    expect(done.body.status).toBe('requires_payment_method');
    expect(done.body.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
  });

  it('error_on_requires_action=true → 402 authentication_required', async () => {
    const err = await rejectionOf<Stripe.errors.StripeCardError>(() =>
      t.stripe.paymentIntents.create({
        amount: 500,
        currency: 'cad',
        confirm: true,
        error_on_requires_action: true,
        payment_method: 'pm_card_authenticationRequired',
        ...CARD_ONLY,
      }),
    );
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe('authentication_required');
    expect(err.decline_code).toBe('authentication_not_handled');
  });
});

describe('MOTO', () => {
  const motoParams = {
    amount: 1800,
    currency: 'cad',
    confirm: true,
    payment_method: 'pm_card_authenticationRequired',
    payment_method_options: { card: { moto: true } },
    ...CARD_ONLY,
  } as Stripe.PaymentIntentCreateParams;

  it('is refused as an unknown parameter while the account does not have MOTO', async () => {
    t.sim.admin.setMotoEnabled(false);
    const err = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.paymentIntents.create(motoParams));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('parameter_unknown');
    expect(err.param).toBe('payment_method_options[card][moto]');
    expect(err.message).toBe('Received unknown parameter: payment_method_options[card][moto]');
  });

  it('lets a 3DS card through without a challenge once enabled (admin route)', async () => {
    const toggled = await t.http('POST', '/_simulator/moto', { json: { enabled: true } });
    expect(toggled.body).toEqual({ enabled: true });
    const pi = t.check(await t.stripe.paymentIntents.create(motoParams));
    expect(pi.status).toBe('succeeded');
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.payment_method_details?.card?.moto).toBe(true);
    const declined = await rejectionOf<Stripe.errors.StripeCardError>(() =>
      t.stripe.paymentIntents.create({ ...motoParams, payment_method: 'pm_card_chargeDeclined' }),
    );
    expect(declined.decline_code).toBe('generic_decline');
    t.sim.admin.setMotoEnabled(false);
  });
});

describe('PaymentIntent lifecycle', () => {
  it('manual capture: requires_capture → capture part → succeeded; cancel; state errors', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 5000,
      currency: 'cad',
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_mastercard',
      ...CARD_ONLY,
    });
    expect(pi.status).toBe('requires_capture');
    expect(pi.amount_capturable).toBe(5000);
    const captured = t.check(await t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 }));
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 4000, amount_capturable: 0 });
    const err = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.paymentIntents.cancel(pi.id));
    expect(err.code).toBe('payment_intent_unexpected_state');
    expect(err.message).toMatch(/^You cannot cancel this PaymentIntent because it has a status of succeeded/);
    const confirmAgain = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.paymentIntents.confirm(pi.id));
    expect(confirmAgain.message).toBe(
      'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
    );
    const open = await t.stripe.paymentIntents.create({ amount: 900, currency: 'cad', ...CARD_ONLY });
    const canceled = t.check(
      await t.stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'requested_by_customer' }),
    );
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
  });

  it('update changes amount and metadata ("key=" unsets one key) and clears last_payment_error', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 900,
      currency: 'cad',
      metadata: { a: '1', b: '2' },
      ...CARD_ONLY,
    });
    const updated = t.check(await t.stripe.paymentIntents.update(pi.id, { amount: 1100, metadata: { a: '', c: '3' } }));
    expect(updated.amount).toBe(1100);
    expect(updated.metadata).toEqual({ b: '2', c: '3' });
  });

  it('validation errors use Stripe messages', async () => {
    const missing = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({ currency: 'cad' } as Stripe.PaymentIntentCreateParams),
    );
    expect(missing).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'amount',
      message: 'Missing required param: amount.',
    });
    const small = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({ amount: 10, currency: 'usd' }),
    );
    expect(small).toMatchObject({
      code: 'amount_too_small',
      message: 'Amount must be at least $0.50 usd',
      param: 'amount',
    });
    const unknown = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({
        amount: 1000,
        currency: 'cad',
        colour: 'blue',
      } as Stripe.PaymentIntentCreateParams),
    );
    expect(unknown).toMatchObject({ code: 'parameter_unknown', message: 'Received unknown parameter: colour' });
    const missingPi = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.paymentIntents.retrieve('pi_nope'));
    expect(missingPi).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'intent',
      message: "No such payment_intent: 'pi_nope'",
    });
    const badPm = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({ amount: 1000, currency: 'cad', payment_method: 'pm_nope', ...CARD_ONLY }),
    );
    expect(badPm).toMatchObject({ statusCode: 404, message: "No such PaymentMethod: 'pm_nope'" });
  });

  it('expand[] returns the charge and payment method objects', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 1500,
      currency: 'cad',
      confirm: true,
      payment_method: 'pm_card_amex',
      expand: ['latest_charge', 'payment_method'],
      ...CARD_ONLY,
    });
    t.check(pi);
    expect((pi.latest_charge as Stripe.Charge).object).toBe('charge');
    expect((pi.payment_method as Stripe.PaymentMethod).card?.brand).toBe('amex');
  });
});

describe('list and search', () => {
  it('lists newest first with limit, starting_after, ending_before and created filters', async () => {
    const own = await startTestSim();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await own.stripe.paymentIntents.create({ amount: 1000 + i, currency: 'cad', ...CARD_ONLY })).id);
        own.sim.admin.advanceClock(10);
      }
      const page1 = own.check(await own.stripe.paymentIntents.list({ limit: 2 }));
      expect(page1.data.map((p) => p.id)).toEqual([ids[4], ids[3]]);
      expect(page1.has_more).toBe(true);
      expect(page1.url).toBe('/v1/payment_intents');
      const page2 = await own.stripe.paymentIntents.list({ limit: 2, starting_after: ids[3] });
      expect(page2.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
      const back = await own.stripe.paymentIntents.list({ limit: 2, ending_before: ids[1] });
      expect(back.data.map((p) => p.id)).toEqual([ids[3], ids[2]]);
      expect(back.has_more).toBe(true);
      const all = [];
      for await (const p of own.stripe.paymentIntents.list({ limit: 2 })) all.push(p.id);
      expect(all).toEqual([...ids].reverse());
      const first = (await own.stripe.paymentIntents.retrieve(ids[0]!)).created;
      const ranged = await own.stripe.paymentIntents.list({ created: { gt: first, lte: first + 20 } });
      expect(ranged.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    } finally {
      await own.close();
    }
  });

  it('searches by metadata and status', async () => {
    const a = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'cad',
      metadata: { order_id: '6735' },
      ...CARD_ONLY,
    });
    const b = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'cad',
      metadata: { order_id: '6735' },
      confirm: true,
      payment_method: 'pm_card_visa',
      ...CARD_ONLY,
    });
    const byOrder = t.check(await t.stripe.paymentIntents.search({ query: "metadata['order_id']:'6735'" }));
    expect(byOrder.data.map((p) => p.id)).toEqual([b.id, a.id]);
    const both = await t.stripe.paymentIntents.search({ query: `status:'succeeded' AND metadata["order_id"]:"6735"` });
    expect(both.data.map((p) => p.id)).toEqual([b.id]);
    const paged = await t.stripe.paymentIntents.search({ query: "metadata['order_id']:'6735'", limit: 1 });
    expect(paged.has_more).toBe(true);
    const next = await t.stripe.paymentIntents.search({
      query: "metadata['order_id']:'6735'",
      limit: 1,
      page: paged.next_page!,
    });
    expect(next.data.map((p) => p.id)).toEqual([a.id]);
    const bad = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.search({ query: 'nonsense' }),
    );
    expect(bad.statusCode).toBe(400);
  });
});
