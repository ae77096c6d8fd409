/** The state file across restarts, and fault injection (latency, 429, 500, timeouts, drops before/after commit). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

describe('persistence', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'till-sim-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps keys, objects, events, settings, idempotency and pending jobs across a restart', async () => {
    const stateFile = join(dir, 'state.json');
    const a = await startTestSim({ stateFile, persistDebounceMs: 20 });
    const pi = await a.stripe.paymentIntents.create(
      {
        amount: 4321,
        currency: 'cad',
        confirm: true,
        payment_method: 'pm_card_createDispute',
        metadata: { order: 'P-1' },
        ...CARD_ONLY,
      },
      { idempotencyKey: 'persist-1' },
    );
    await a.stripe.refunds.create({ payment_intent: pi.id, amount: 21 });
    a.sim.admin.setMotoEnabled(true);
    const keys = a.sim.keys;
    const secret = a.sim.webhookSecret;
    const events = (await a.stripe.events.list({ limit: 100 })).data.map((e) => e.id);
    await a.close();
    const doc = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(doc.format).toBe('stripe-simulator-state');
    expect(doc.jobs).toHaveLength(1); // the dispute that has not opened yet

    const b = await startTestSim({ stateFile });
    try {
      expect(b.sim.keys).toEqual(keys);
      expect(b.sim.webhookSecret).toBe(secret);
      expect(b.sim.admin.motoEnabled).toBe(true);
      const again = b.check(await b.stripe.paymentIntents.retrieve(pi.id));
      expect(again).toMatchObject({ status: 'succeeded', metadata: { order: 'P-1' } });
      expect((await b.stripe.charges.retrieve(again.latest_charge as string)).amount_refunded).toBe(21);
      expect((await b.stripe.events.list({ limit: 100 })).data.map((e) => e.id)).toEqual(events);
      const replay = await b.stripe.paymentIntents.create(
        {
          amount: 4321,
          currency: 'cad',
          confirm: true,
          payment_method: 'pm_card_createDispute',
          metadata: { order: 'P-1' },
          ...CARD_ONLY,
        },
        { idempotencyKey: 'persist-1' },
      );
      expect(replay.id).toBe(pi.id);
      expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(b.sim.admin.runPendingJobs()).toBe(1);
      expect((await b.stripe.disputes.list({ payment_intent: pi.id })).data).toHaveLength(1);
      const search = await b.stripe.paymentIntents.search({ query: "metadata['order']:'P-1'" });
      expect(search.data.map((p) => p.id)).toEqual([pi.id]);
    } finally {
      await b.close();
    }
  });

  it('writes atomically (no temp file left) and refuses a file that is not its own', async () => {
    const stateFile = join(dir, 'atomic.json');
    const s = await startTestSim({ stateFile, persistDebounceMs: 5 });
    await s.stripe.customers.create({ email: 'a@b.c' });
    await s.sim.admin.flush();
    await s.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).collections.customers).toHaveLength(1);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ hello: 'world' }));
    await expect(startTestSim({ stateFile: foreign })).rejects.toThrow(/not a Stripe simulator state file/);
  });
});

describe('fault injection', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim();
  });
  afterAll(() => t.close());
  const params = { amount: 1000, currency: 'cad', confirm: true, payment_method: 'pm_card_visa', ...CARD_ONLY };
  const arm = (json: unknown) => t.http('POST', '/_simulator/faults', { json });
  const count = async () => (await t.stripe.paymentIntents.list({ limit: 100 })).data.length;

  it('is armed and disarmed through the admin route (secret key only)', async () => {
    expect(
      (await t.http('POST', '/_simulator/faults', { key: t.sim.keys.publishable, json: { kinds: ['500'] } })).status,
    ).toBe(401);
    const armed = await arm({ kinds: ['500'], count: 1, seed: 7 });
    expect(armed.body).toMatchObject({ active: true, injected: 0 });
    expect((await arm({ kinds: ['boom'] })).status).toBe(400);
    expect((await t.http('DELETE', '/_simulator/faults')).body.active).toBe(false);
  });

  it('429 with Stripe-Should-Retry: true, then normal service after `count`', async () => {
    await arm({ kinds: ['429'], count: 1 });
    const err = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.paymentIntents.create(params));
    expect(err).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(err.headers?.['stripe-should-retry']).toBe('true');
    expect((await t.stripe.paymentIntents.create(params)).status).toBe('succeeded');
  });

  it('500 before the operation: nothing is created', async () => {
    const before = await count();
    await arm({ kinds: ['500'], count: 1 });
    const err = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.paymentIntents.create(params));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err.statusCode).toBe(500);
    expect(await count()).toBe(before);
  });

  it('500 after commit: the payment exists and a retry with the key returns it', async () => {
    const before = await count();
    await arm({ kinds: ['500_after'], count: 1 });
    const err = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create(params, { idempotencyKey: 'ambiguous-500' }),
    );
    expect(err.statusCode).toBe(500);
    expect(await count()).toBe(before + 1);
    const retried = await t.stripe.paymentIntents.create(params, { idempotencyKey: 'ambiguous-500' });
    expect(retried.status).toBe('succeeded');
    expect(await count()).toBe(before + 1);
  });

  it('dropped connection before and after commit', async () => {
    const before = await count();
    // stripe-node retries a reset connection once even with maxNetworkRetries: 0, so drop twice.
    await arm({ kinds: ['drop'], count: 1 });
    expect((await t.stripe.paymentIntents.create(params)).status).toBe('succeeded');
    expect(await count()).toBe(before + 1);
    await arm({ kinds: ['drop'], count: 2 });
    const dropped = await rejectionOf<Stripe.errors.StripeError>(() => t.stripe.paymentIntents.create(params));
    expect(dropped).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(await count()).toBe(before + 1);
    await arm({ kinds: ['drop_after'], count: 2 });
    const ambiguous = await rejectionOf<Stripe.errors.StripeError>(() =>
      t.stripe.paymentIntents.create(params, { idempotencyKey: 'ambiguous-drop' }),
    );
    expect(ambiguous).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(await count()).toBe(before + 2);
    const recovered = await t.stripe.paymentIntents.create(params, { idempotencyKey: 'ambiguous-drop' });
    expect(recovered.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('hung requests time out on the client (before and after commit)', async () => {
    const quick = new Stripe(t.sim.keys.secret, {
      host: '127.0.0.1',
      port: t.sim.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      timeout: 300,
    });
    const before = await count();
    await arm({ kinds: ['timeout'], count: 1 });
    const err = await rejectionOf<Stripe.errors.StripeError>(() => quick.paymentIntents.create(params));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(err.message).toMatch(/timeout/i);
    expect(await count()).toBe(before);
    await arm({ kinds: ['timeout_after'], count: 1 });
    await rejectionOf(() => quick.paymentIntents.create(params));
    expect(await count()).toBe(before + 1);
  });

  it('latency and a seeded error rate are reproducible', async () => {
    const run = async () => {
      await arm({ kinds: ['500', '429'], errorRate: 0.5, seed: 42, count: 100, paths: ['/v1/customers'] });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await t.http('GET', '/v1/customers?limit=1')).status);
      await t.http('DELETE', '/_simulator/faults');
      return out;
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(first.some((s) => s === 200)).toBe(true);
    expect(first.some((s) => s !== 200)).toBe(true);
    await arm({ latencyMs: 150, count: 1 });
    const started = Date.now();
    await t.http('GET', '/v1/events?limit=1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
