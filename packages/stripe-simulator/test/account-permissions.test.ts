/**
 * GET /v1/account (which account a key opens, and its name) and restricted keys minted with chosen permissions,
 * refused as Stripe refuses them: 403, StripePermissionError in stripe-node, the sentence naming the permission.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src';
import { tempDir } from './temp-dir';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim({ accountName: 'Kamloops Safety Supply' });
});
afterAll(() => t.close());

const clientFor = (key: string) =>
  new Stripe(key, { host: '127.0.0.1', port: t.sim.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });

describe('GET /v1/account', () => {
  it("answers the account's id and its name where Stripe puts it", async () => {
    const account = await t.stripe.accounts.retrieveCurrent();
    expect(account.id).toBe(t.sim.context.accountId);
    expect(account.id).toMatch(/^acct_/);
    expect(account.object).toBe('account');
    expect(account.settings?.dashboard.display_name).toBe('Kamloops Safety Supply');
    expect(account.business_profile?.name).toBe('Kamloops Safety Supply');
  });

  it('refuses a publishable key, as Stripe does', async () => {
    const res = await t.http('GET', '/v1/account', { key: t.sim.keys.publishable });
    expect(res.status).toBe(401);
  });
});

describe('restricted keys with chosen permissions', () => {
  it('a key without Refunds write is refused with the message Stripe sends, naming the permission', async () => {
    const key = t.sim.admin.mintRestrictedKey(['rak_payment_intent_write', 'rak_refund_read']);
    const error = await rejectionOf(() => clientFor(key).refunds.create({ payment_intent: 'pi_missing' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    const stripeError = error as Stripe.errors.StripeError;
    expect(stripeError.statusCode).toBe(403);
    expect(stripeError.message).toBe(
      `The provided key 'rk_test_****${key.slice(-4)}' does not have the required permissions for this endpoint on account '${t.sim.context.accountId}'. Having the 'rak_refund_write' permission would allow this request to continue.`,
    );
  });

  it('what a key holds goes through; write includes read', async () => {
    const key = t.sim.admin.mintRestrictedKey(['rak_payment_intent_write', 'rak_refund_write']);
    const stripe = clientFor(key);
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: 'cad', ...CARD_ONLY });
    expect((await stripe.paymentIntents.retrieve(pi.id)).amount).toBe(700);
    const missingRefund = await rejectionOf(() => stripe.refunds.retrieve('re_missing'));
    expect((missingRefund as Stripe.errors.StripeError).statusCode).toBe(404);
    const events = await rejectionOf(() => stripe.events.list({ limit: 1 }));
    expect((events as Error).message).toContain("'rak_event_read'");
  });

  it('the admin route mints a key for other processes, only with the full secret key', async () => {
    const minted = await t.http('POST', '/_simulator/restricted_keys', {
      body: 'permissions[]=rak_event_read&permissions[]=rak_dispute_read',
    });
    expect(minted.status).toBe(200);
    expect(minted.body.permissions).toEqual(['rak_event_read', 'rak_dispute_read']);
    const stripe = clientFor(minted.body.key);
    expect((await stripe.events.list({ limit: 1 })).object).toBe('list');
    const write = await rejectionOf(() => stripe.paymentIntents.create({ amount: 700, currency: 'cad', ...CARD_ONLY }));
    expect((write as Error).message).toContain("'rak_payment_intent_write'");

    const byRestricted = await t.http('POST', '/_simulator/restricted_keys', {
      key: minted.body.key,
      body: 'permissions[]=rak_refund_write',
    });
    expect(byRestricted.status).toBe(400);
    const unknown = await t.http('POST', '/_simulator/restricted_keys', { body: 'permissions[]=rak_everything_write' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("Unknown permission 'rak_everything_write'");
  });

  it("the simulator's own restricted key still may call everything", async () => {
    const events = await clientFor(t.sim.keys.restricted).events.list({ limit: 1 });
    expect(events.object).toBe('list');
  });
});

describe('persistence', () => {
  it('keeps the account name and minted keys with their permissions in the state file', async () => {
    const dir = tempDir();
    const stateFile = `${dir.path}/state.json`;
    const first = await startSimulator({ port: 0, stateFile, accountName: 'North Shop', builtInPlugins: false });
    const key = first.admin.mintRestrictedKey(['rak_event_read']);
    await first.close();
    const second = await startSimulator({ port: 0, stateFile, builtInPlugins: false });
    try {
      const stripe = new Stripe(key, { host: '127.0.0.1', port: second.port, protocol: 'http', maxNetworkRetries: 0 });
      expect((await stripe.accounts.retrieveCurrent()).settings?.dashboard.display_name).toBe('North Shop');
      const refused = await rejectionOf(() => stripe.disputes.list({ limit: 1 }));
      expect((refused as Error).message).toContain("'rak_dispute_read'");
    } finally {
      await second.close();
      dir.cleanup();
    }
  });
});
