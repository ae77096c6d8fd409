import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTill } from '#core/create-till';
import { createLogger } from '#core/log';
import type { PaymentOutcome } from '#shared/contract';
import { previewShell } from '../../src/web/preview-shell';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

/** checkout.pay through the contract, against the simulator: what the renderer can and cannot make main do. */
describe('paying an order in main', () => {
  let core: TestTill;
  let stripe: Stripe;

  beforeEach(async () => {
    core = await startTill({ training: true });
    const sim = core.training!.simulator;
    stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http', maxNetworkRetries: 0 });
  });
  afterEach(() => core.stop());

  const request = async (card: string, extra: Record<string, unknown> = {}) => ({
    checkoutId: randomUUID(),
    cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 2 }] },
    customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
    note: 'Leave at the side door',
    confirmationTokenId: await core.confirmationToken(card),
    ...extra,
  });
  const pay = async (input: unknown) => core.call<PaymentOutcome>('checkout.pay', input);
  const intents = async () => (await stripe.paymentIntents.list({ limit: 100 })).data;

  it('charges what main computed, whatever amount the renderer sends', async () => {
    const forged = await pay(await request('4242424242424242', { amount: 100 }));
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'amount' } });
    const forgedLine = await request('4242424242424242');
    (forgedLine.cart.lines[0] as Record<string, unknown>).unitPrice = 1;
    expect(await pay(forgedLine)).toMatchObject({ ok: false, error: { field: 'cart.lines.0.unitPrice' } });
    expect(await intents()).toHaveLength(0); // nothing reached Stripe

    const honest = await pay(await request('4242424242424242'));
    expect(honest).toMatchObject({ ok: true, value: { status: 'paid' } });
    const [intent] = await intents();
    expect(intent!.amount).toBe(2 * 18999 + 1900); // 379.98 + 5% GST
    expect(intent!.receipt_email).toBe('pat@example.com');
  });

  it('answers a paid order with the receipt the page shows, a declined one without', async () => {
    const declinedInput = await request('4000000000000002');
    const declined = await pay(declinedInput);
    expect(declined).toMatchObject({ ok: true, value: { status: 'declined', receipt: null } });

    const paid = await pay(await request('4242424242424242'));
    expect(paid).toMatchObject({
      ok: true,
      value: {
        status: 'paid',
        receipt: {
          customerName: 'Pat Caller',
          lines: [{ description: 'Steel-toe work boots', quantity: 2, subtotal: 2 * 18999 }],
          subtotal: 2 * 18999,
          taxes: [{ name: 'GST', amount: 1900 }],
          total: 2 * 18999 + 1900,
          card: { brand: 'visa', last4: '4242' },
        },
      },
    });
    if (!paid.ok) return;
    const [intent] = (await intents()).filter((i) => i.status === 'succeeded');
    // The customer's copy names the shop and leaves the PaymentIntent id to the history's detail.
    expect(paid.value.receipt).toMatchObject({
      id: paid.value.orderId,
      shop: { name: 'Thompson Valley Safety Supply', address: expect.stringContaining('Kamloops, BC') },
    });
    expect(paid.value.receipt).not.toHaveProperty('paymentIntentId');
    const detail = await core.call<{ paymentIntentId: string }>('orders.get', { orderId: paid.value.orderId });
    expect(detail).toMatchObject({ ok: true, value: { paymentIntentId: intent!.id, receipt: paid.value.receipt } });
    expect(paid.value.receipt!.paidAt).toEqual(expect.any(Number));

    // Asked again after 3D Secure, or after the answer was lost, the paid order comes back with its receipt too.
    const refreshed = await core.call<PaymentOutcome>('checkout.refresh', { orderId: paid.value.orderId });
    expect(refreshed).toEqual(paid);

    // The declined order paid with another card: its receipt names the card that paid, exactly as the reprint does.
    const retried = await pay({
      ...declinedInput,
      confirmationTokenId: await core.confirmationToken('5555555555554444'),
    });
    expect(retried).toMatchObject({ ok: true, value: { status: 'paid', receipt: { card: { last4: '4444' } } } });
    if (!retried.ok) return;
    const reprint = await core.call<{ receipt: unknown }>('orders.get', { orderId: retried.value.orderId });
    expect(reprint.ok && reprint.value.receipt).toEqual(retried.value.receipt);
  });

  it.each([
    ['a malformed email', { customer: { name: 'A', phone: '250 555 0101', email: 'pat@' } }, 'customer.email'],
    ['no name', { customer: { name: '  ', phone: '250 555 0101', email: '' } }, 'customer.name'],
    ['a short phone number', { customer: { name: 'A', phone: '555', email: '' } }, 'customer.phone'],
    ['a card number in the note', { note: 'card 4242 4242 4242 4242 exp 12/34' }, 'note'],
    ['an over-long note', { note: 'x'.repeat(201) }, 'note'],
    ['an empty cart', { cart: { lines: [] } }, 'cart.lines'],
    ['a made-up token', { confirmationTokenId: 'tok_123' }, 'confirmationTokenId'],
  ])('refuses %s without charging', async (_label, extra, field) => {
    const result = await pay(await request('4242424242424242', extra));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
    expect(await intents()).toHaveLength(0);
    expect(core.till.db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(0);
  });

  it('pressing Pay twice with the same order never makes a second order or charge', async () => {
    const input = await request('4242424242424242');
    const [first, second] = await Promise.all([pay(input), pay(input)]);
    const outcomes = [first, second];
    expect(outcomes.filter((r) => r.ok && r.value.status === 'paid')).toHaveLength(1);
    expect(outcomes.filter((r) => !r.ok && r.error.code === 'conflict')).toHaveLength(1);
    const again = await pay(input); // after it settled: answers with the paid order, charges nothing
    expect(again).toMatchObject({ ok: true, value: { status: 'paid' } });
    expect(await intents()).toHaveLength(1);
    expect(core.till.db.prepare('SELECT count(*) FROM payment_attempts').pluck().get()).toBe(1);
  });

  it('with MOTO on, sends the flag; Stripe refuses it unless MOTO is enabled on the account', async () => {
    core.till.db
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('payments', '{\"motoEnabled\":true}', 0)")
      .run();
    const refused = await pay(await request('4000002500003155'));
    expect(refused).toMatchObject({ ok: true, value: { status: 'declined' } });
    if (refused.ok)
      expect(refused.value.message).toMatch(/MOTO is not enabled on this Stripe account\. Nothing was charged/);

    core.training!.simulator.admin.setMotoEnabled(true);
    const moto = await pay(await request('4000002500003155')); // a 3D Secure card: MOTO is out of SCA scope
    expect(moto).toMatchObject({ ok: true, value: { status: 'paid' } });
  });

  it('says nothing was charged when Stripe cannot be reached at all', async () => {
    const input = await request('4242424242424242');
    await core.training!.simulator.close();
    const result = await pay(input);
    expect(result).toMatchObject({ ok: true, value: { status: 'declined' } });
    if (result.ok) expect(result.value.message).toMatch(/^Stripe could not be reached — nothing was charged/);
  });

  it('recovers a lost answer by asking again under the same idempotency key: paid, charged once', async () => {
    const input = await request('4242424242424242');
    core.training!.simulator.admin.setFaults({ kinds: ['drop_after'], errorRate: 1, count: 1 });
    const result = await pay(input);
    expect(result).toMatchObject({ ok: true, value: { status: 'paid' } });
    expect(await intents()).toHaveLength(1);
  });

  it('a log cut off after the order and its attempt were written, before Stripe answered, is finished once', async () => {
    // What a crash at that moment leaves on the disk: the log as committed while the call is on its way (a backup
    // taken then), opened by a Till that starts again. The first Till's call still reaches Stripe meanwhile.
    const input = await request('4242424242424242');
    core.training!.simulator.admin.setFaults({ latencyMs: 300, count: 1 });
    const paying = pay(input);
    const written = core.till.db.prepare('SELECT payment_state FROM orders WHERE id = ?').pluck();
    while (written.get(input.checkoutId) === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const copy = tempDir('till-cut-off-');
    await core.till.db.backup(join(copy.path, 'till.sqlite'));
    expect(await paying).toMatchObject({ ok: true, value: { status: 'paid' } });

    const { connection } = core.training!;
    const restarted = createTill({
      dataDir: copy.path,
      version: '0.0.0-test',
      env: {},
      stripe: connection,
      logger: createLogger({ level: 'silent' }),
      shell: previewShell,
    });
    try {
      const before = restarted.db.prepare('SELECT status, payment_state FROM orders').get();
      expect(before).toEqual({ status: 'processing', payment_state: 'processing' });
      const pending = restarted.db.prepare('SELECT status FROM payment_attempts').pluck().all();
      expect(pending).toEqual(['pending']);
      const report = await restarted.reconciler!.run();
      expect(report).toMatchObject({ checked: 1, settled: 1 });
      expect(restarted.db.prepare('SELECT status FROM orders').pluck().get()).toBe('paid');
      expect(await intents()).toHaveLength(1); // resent under the attempt's key: Stripe gave the first answer back
    } finally {
      await restarted.close();
      copy.cleanup();
    }
  });

  it('keeps the order for checking when Stripe took the payment but the answer was lost', async () => {
    const input = await request('4242424242424242');
    core.training!.simulator.admin.setFaults({ kinds: ['drop_after'], errorRate: 1 });
    const lost = await pay(input);
    expect(lost).toMatchObject({ ok: true, value: { status: 'unknown' } });
    if (lost.ok) expect(lost.value.message).toMatch(/Do not charge again/);
    const flagged = core.till.db.prepare('SELECT status, review_reason FROM orders').get() as Record<string, unknown>;
    expect(flagged.status).toBe('processing');
    expect(flagged.review_reason).toMatch(/checking whether the card was charged/);

    core.training!.simulator.admin.clearFaults();
    const report = await core.till.reconciler!.run();
    expect(report.settled).toBe(1);
    const order = core.till.db.prepare('SELECT status, review_reason FROM orders').get();
    expect(order).toEqual({ status: 'paid', review_reason: null }); // settled: the flag is cleared
    expect(await intents()).toHaveLength(1); // the resend under the same key did not charge again
  });
});
