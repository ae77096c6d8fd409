/** Idempotency keys: replay of the saved response, parameter mismatch, and the in-flight 409. */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.close());

describe('idempotency', () => {
  it('replays the same response with Idempotent-Replayed: true and creates nothing new', async () => {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 3100,
      currency: 'cad',
      confirm: true,
      payment_method: 'pm_card_visa',
      metadata: { order: 'T-1' },
      ...CARD_ONLY,
    };
    const first = t.check(await t.stripe.paymentIntents.create(params, { idempotencyKey: 'order-T-1-attempt-1' }));
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const eventsBefore = (await t.stripe.events.list({ limit: 100 })).data.length;
    const second = await t.stripe.paymentIntents.create(params, { idempotencyKey: 'order-T-1-attempt-1' });
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(second.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(second.id).toBe(first.id);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect((await t.stripe.events.list({ limit: 100 })).data.length).toBe(eventsBefore);
  });

  it('replays declines too (status 402 and the same body)', async () => {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 3100,
      currency: 'cad',
      confirm: true,
      payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
      ...CARD_ONLY,
    };
    const a = await rejectionOf<Stripe.errors.StripeCardError>(() =>
      t.stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }),
    );
    const b = await rejectionOf<Stripe.errors.StripeCardError>(() =>
      t.stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }),
    );
    expect(b.statusCode).toBe(402);
    expect(b.headers?.['idempotent-replayed']).toBe('true');
    expect(b.payment_intent?.id).toBe(a.payment_intent?.id);
    expect(b.charge).toBe(a.charge);
  });

  it('refuses the same key with different parameters (StripeIdempotencyError)', async () => {
    await t.stripe.paymentIntents.create(
      { amount: 100, currency: 'cad', ...CARD_ONLY },
      { idempotencyKey: 'k-mismatch' },
    );
    const err = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({ amount: 200, currency: 'cad', ...CARD_ONLY }, { idempotencyKey: 'k-mismatch' }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.rawType).toBe('idempotency_error');
    expect(err.message).toBe(
      "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k-mismatch' if you meant to execute a different request.",
    );
  });

  it('answers 409 idempotency_key_in_use while the first request is still running', async () => {
    t.sim.admin.setFaults({ latencyMs: 400, paths: ['/v1/payment_intents'], count: 1 });
    const params = { amount: 777, currency: 'cad', ...CARD_ONLY };
    const first = t.stripe.paymentIntents.create(params, { idempotencyKey: 'k-inflight' });
    await new Promise((r) => setTimeout(r, 100));
    const err = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create(params, { idempotencyKey: 'k-inflight' }),
    );
    expect(err.statusCode).toBe(409);
    expect(err.type).toBe('StripeAPIError');
    expect(err.code).toBe('idempotency_key_in_use');
    expect(err.message).toContain('There is currently another in-progress request using this Idempotent Key');
    const created = await first;
    const replay = await t.stripe.paymentIntents.create(params, { idempotencyKey: 'k-inflight' });
    expect(replay.id).toBe(created.id);
    t.sim.admin.clearFaults();
  });

  it('does not save validation failures: a corrected retry with the same key runs', async () => {
    const bad = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create({ amount: 1, currency: 'cad', ...CARD_ONLY }, { idempotencyKey: 'k-fixable' }),
    );
    expect(bad.code).toBe('amount_too_small');
    const ok = await t.stripe.paymentIntents.create(
      { amount: 100, currency: 'cad', ...CARD_ONLY },
      { idempotencyKey: 'k-fixable' },
    );
    expect(ok.amount).toBe(100);
  });

  it('stripe-node sends its own key on every POST; those replay as well', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 100, currency: 'cad', ...CARD_ONLY });
    expect(pi.lastResponse.idempotencyKey).toMatch(/^stripe-node-retry-/);
  });
});
