import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTill, type Till } from '#core/create-till';
import type { CallerRequest } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import { CHANNELS, type Channel } from '#shared/channels';
import type { PaymentOutcome, StaffAccount } from '#shared/contract';
import type { Result } from '#shared/result';
import { startSimulator, type RunningSimulator } from '@till/stripe-simulator';
import { previewShell } from '../../src/web/preview-shell';
import { createConfirmationToken } from '../support/confirmation-token';
import { setUpOwnShop, TEST_OWNER_PIN } from '../support/demo-shop';
import { findLeaks } from '../support/leak-scan';
import { tempDir } from '../support/temp-dir';
import { channelExamples } from './channel-examples';

/** Keys and client secrets in an answer, except the one a 3D Secure answer must carry (see below). */
function secretsIn(channel: string, answer: unknown): string[] {
  const outcome = answer as { ok?: boolean; value?: Partial<PaymentOutcome> };
  let text = JSON.stringify(answer);
  // Stripe.js in the card form finishes 3D Secure with the PaymentIntent's client secret (Stripe's design: the
  // client secret is for the client completing that payment). Only that field, only while the bank asks for it.
  const mayCarry = channel === 'checkout.pay' || channel === 'checkout.refresh';
  if (mayCarry && outcome.ok && outcome.value?.status === 'requires_action' && outcome.value.clientSecret) {
    text = text.replace(`"clientSecret":"${outcome.value.clientSecret}"`, '"clientSecret":"<for Stripe.js>"');
  }
  return findLeaks(text)
    .filter((leak) => leak.kind !== 'card number' && leak.kind !== 'PIN')
    .map((leak) => `${leak.kind}: ${leak.found}`);
}

/**
 * Till on TEST keys (the simulator plays Stripe): a day at the counter through every channel of the contract, and
 * not one answer carries a secret key, a restricted key, a webhook secret or a PaymentIntent client secret, beyond
 * the one field Stripe.js needs for 3D Secure, and never that secret anywhere else.
 */
describe('every channel’s answer, with test keys', () => {
  let sim: RunningSimulator;
  let till: Till;
  let dir: ReturnType<typeof tempDir>;
  let owner: CallerRequest;
  const answers: { channel: Channel; answer: Result<unknown> }[] = [];
  const call = async <T>(channel: Channel, input?: unknown, caller = owner) => {
    const answer = (await dispatch(till.handlers, channel, input, undefined, caller)) as Result<T>;
    answers.push({ channel, answer });
    return answer;
  };
  const pay = async (card: string, checkoutId: string, productId: string) =>
    call<PaymentOutcome>('checkout.pay', {
      checkoutId,
      cart: { lines: [{ kind: 'product', productId, quantity: 1 }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
      note: '',
      confirmationTokenId: await createConfirmationToken(sim.url, sim.keys.publishable, card),
    });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    dir = tempDir('till-secrets-');
    till = createTill({
      dataDir: dir.path,
      version: '0.0.0-test',
      env: {},
      stripe: { mode: 'test', secretKey: sim.keys.secret, publishableKey: sim.keys.publishable, apiBase: sim.url },
      account: { id: sim.context.accountId, name: 'Secrets Walk Shop' },
      stripeRetry: { attempts: 3, delayMs: () => 10 },
      logger: createLogger({ level: 'silent' }),
      shell: previewShell,
    });
    owner = { session: 'secrets-owner', window: 'history' };
    await setUpOwnShop(till.handlers, TEST_OWNER_PIN, owner);
  }, 60_000);
  afterAll(async () => {
    await till?.close();
    await sim?.close();
    dir?.cleanup();
  });

  it('finds no key and no client secret in any answer of a day through every channel', async () => {
    expect(sim.keys.secret).toMatch(/^sk_test_/);
    const product = await call<{ id: string }>('catalog.add', {
      sku: 'GL-1',
      name: 'Gloves',
      description: '',
      unitPrice: 2500,
      taxClass: 'standard',
      barcode: null,
      pin: TEST_OWNER_PIN,
    });
    if (!product.ok) throw new Error(product.error.message);
    const paid = await pay('4242424242424242', '0190b6a0-7c4d-7d4e-8f00-00000000a001', product.value.id);
    const declined = await pay('4000000000000002', '0190b6a0-7c4d-7d4e-8f00-00000000a002', product.value.id);
    const threeDS = await pay('4000002500003155', '0190b6a0-7c4d-7d4e-8f00-00000000a003', product.value.id);
    expect([paid, declined, threeDS].map((r) => r.ok && r.value.status)).toEqual([
      'paid',
      'declined',
      'requires_action',
    ]);
    const clientSecret = (threeDS as { value: PaymentOutcome }).value.clientSecret!;
    expect(clientSecret).toMatch(/_secret_/);
    const orderId = (paid as { value: PaymentOutcome }).value.orderId;
    const sam = await call<StaffAccount>('staff.add', {
      name: 'Sam',
      role: 'clerk',
      newPin: '1357',
      newPinAgain: '1357',
      pin: TEST_OWNER_PIN,
    });
    if (!sam.ok) throw new Error(sam.error.message);
    await call('orders.refund', {
      orderId,
      amount: 500,
      reason: 'requested_by_customer',
      note: '',
      pin: TEST_OWNER_PIN,
    });
    await call('checkout.refresh', { orderId: (threeDS as { value: PaymentOutcome }).value.orderId });
    await call('orders.get', { orderId: (threeDS as { value: PaymentOutcome }).value.orderId });

    // Then every channel once more with an input it accepts, as the owner; a clerk's and a stranger's answers too.
    const examples = channelExamples({ productId: product.value.id, orderId, staffId: sam.value.id });
    for (const channel of CHANNELS) {
      if (channel === 'staff.signOut' || channel === 'keys.remove') continue; // would end this walk's own session
      await call(channel, examples[channel]);
    }
    const clerk: CallerRequest = { session: 'secrets-clerk', window: 'checkout' };
    await call('staff.signIn', { staffId: sam.value.id, pin: '1357' }, clerk);
    for (const channel of CHANNELS) await call(channel, examples[channel], clerk);
    await call('keys.remove', { pin: TEST_OWNER_PIN });
    await call('staff.signOut');

    const called = new Set(answers.map((entry) => entry.channel));
    expect(CHANNELS.filter((channel) => !called.has(channel))).toEqual([]);
    const leaks = answers.flatMap(({ channel, answer }) => secretsIn(channel, answer).map((l) => `${channel} ${l}`));
    expect(leaks).toEqual([]);
    // The 3D Secure answer's secret appears nowhere but there: not in the order's detail, timeline, audit or exports.
    const elsewhere = answers.filter(
      ({ channel, answer }) =>
        !['checkout.pay', 'checkout.refresh'].includes(channel) && JSON.stringify(answer).includes(clientSecret),
    );
    expect(elsewhere.map((entry) => entry.channel)).toEqual([]);
    console.log(`secrets walk: ${answers.length} answers over ${called.size} channels, no key or client secret`);
  }, 120_000);

  it('would catch a key or a client secret in an answer', () => {
    expect(secretsIn('orders.get', { ok: true, value: { note: `sk_test_${'a'.repeat(24)}` } })).toHaveLength(1);
    expect(secretsIn('keys.status', { ok: true, value: { x: 'rk_live_abc123' } })).toHaveLength(1);
    expect(secretsIn('events.status', { ok: true, value: { x: 'whsec_abc123' } })).toHaveLength(1);
    expect(secretsIn('orders.get', { ok: true, value: { clientSecret: 'pi_1_secret_2' } })).toHaveLength(1);
    // The 3D Secure field is allowed only on a requires_action answer of checkout.pay / checkout.refresh.
    const paid = { ok: true, value: { status: 'paid', clientSecret: 'pi_1_secret_2' } };
    expect(secretsIn('checkout.pay', paid)).toHaveLength(1);
    expect(
      secretsIn('checkout.pay', { ok: true, value: { status: 'requires_action', clientSecret: 'pi_1_secret_2' } }),
    ).toEqual([]);
  });
});
