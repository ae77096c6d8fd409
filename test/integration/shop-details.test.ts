import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentOutcome, ShopUpdateInput } from '#shared/contract';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/** The owner changes the shop's details after set-up: with the PIN, through set-up's checks, on the next receipt. */
describe("the shop's details", () => {
  let core: TestTill;
  afterEach(() => core.stop());

  const details = (change: Partial<ShopUpdateInput> = {}): ShopUpdateInput => ({
    name: 'Thompson Valley Safety',
    address: '88 Lorne St\nKamloops, BC V2C 1W2',
    phone: '250 555 0142',
    taxNumbers: [{ label: 'GST/HST', number: '111222333 RT0001' }],
    pin: TEST_OWNER_PIN,
    ...change,
  });
  const audited = () =>
    core.till.db
      .prepare<[], string>("SELECT details FROM audit_log WHERE action = 'shop.updated' ORDER BY id")
      .pluck()
      .all();

  it('changes the name, address, phone and tax numbers; the currency stays; the change is audited', async () => {
    core = await startTill({ training: true });
    const before = await core.call('shop.get');
    expect(before).toMatchObject({ ok: true, value: { name: 'Thompson Valley Safety Supply', currency: 'CAD' } });

    const updated = await core.call('shop.update', details());
    const after = {
      name: 'Thompson Valley Safety',
      address: '88 Lorne St\nKamloops, BC V2C 1W2',
      phone: '250 555 0142',
      taxNumbers: [{ label: 'GST/HST', number: '111222333 RT0001' }],
      currency: 'CAD',
    };
    expect(updated).toEqual({ ok: true, value: after });
    expect(await core.call('shop.get')).toEqual({ ok: true, value: after });
    expect(await core.call('app.info')).toMatchObject({ ok: true, value: { shopName: 'Thompson Valley Safety' } });
    // The audit keeps which fields changed, never the PIN.
    expect(audited()).toHaveLength(1);
    expect(JSON.parse(audited()[0]!)).toEqual({ fields: ['name', 'address', 'phone', 'taxNumbers'] });
    expect(audited()[0]).not.toContain(TEST_OWNER_PIN);
  });

  it("takes the signed-in owner's PIN: none, or a wrong one, changes nothing", async () => {
    core = await startTill({ training: true });
    const { pin: _pin, ...withoutPin } = details();
    expect(await core.call('shop.update', withoutPin)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin', message: 'Type your PIN to confirm.' },
    });
    expect(await core.call('shop.update', details({ pin: '9999' }))).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin', message: /That PIN is not right/ },
    });
    expect(await core.call('shop.get')).toMatchObject({ ok: true, value: { name: 'Thompson Valley Safety Supply' } });
    expect(audited()).toHaveLength(0);
  });

  it('refuses what set-up refuses, next to the field: a card number, an empty address, a short phone', async () => {
    core = await startTill({ training: true });
    expect(
      await core.call('shop.update', details({ taxNumbers: [{ label: 'GST', number: '4242 4242 4242 4242' }] })),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'taxNumbers.0.number' } });
    expect(await core.call('shop.update', details({ address: ' ' }))).toMatchObject({
      ok: false,
      error: { field: 'address', message: /Enter the shop's address/ },
    });
    expect(await core.call('shop.update', details({ phone: '555 01' }))).toMatchObject({
      ok: false,
      error: { field: 'phone', message: /at least 7 digits/ },
    });
    // The currency is not the owner's to change here: the prices and every order are in it.
    expect(await core.call('shop.update', { ...details(), currency: 'USD' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await core.call('shop.get')).toMatchObject({
      ok: true,
      value: { name: 'Thompson Valley Safety Supply', currency: 'CAD' },
    });
  });

  const payForBoots = () =>
    core.confirmationToken('4242424242424242').then((confirmationTokenId) =>
      core.call<PaymentOutcome>('checkout.pay', {
        checkoutId: randomUUID(),
        cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] },
        customer: { name: 'Pat Caller', phone: '250 555 0101' },
        note: '',
        confirmationTokenId,
      }),
    );

  it('prints the new details on the receipt of the next order, and on a past order shown again', async () => {
    core = await startTill({ training: true });
    const before = await payForBoots();
    expect(before).toMatchObject({ ok: true, value: { receipt: { shop: { address: /Kamloops, BC/ } } } });
    expect(await core.call('shop.update', details())).toMatchObject({ ok: true });

    const shop = {
      name: 'Thompson Valley Safety',
      address: '88 Lorne St\nKamloops, BC V2C 1W2',
      phone: '250 555 0142',
      taxNumbers: [{ label: 'GST/HST', number: '111222333 RT0001' }],
    };
    expect(await payForBoots()).toMatchObject({ ok: true, value: { status: 'paid', receipt: { shop } } });
    // Receipts are rebuilt from the log with the shop as it is now: the history's reprint of the earlier order too.
    const orderId = before.ok ? before.value.orderId : '';
    expect(await core.call('orders.get', { orderId })).toMatchObject({ ok: true, value: { receipt: { shop } } });
  });
});
