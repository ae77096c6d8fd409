import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '#shared/channels';
import type { SetupInput } from '#shared/contract';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/** First run through the contract: what set-up takes, what it refuses, and that nothing else opens before it. */
describe('set-up', () => {
  let core: TestTill;
  afterEach(() => core.stop());

  const ownShop = (change: (input: Extract<SetupInput, { start: 'own' }>) => void = () => {}) => {
    const input: Extract<SetupInput, { start: 'own' }> = {
      start: 'own',
      shop: {
        name: 'Lakeside Hardware',
        address: '12 Front St W\nToronto, ON M5J 2N1',
        phone: '416 555 0199',
        taxNumbers: [{ label: 'HST', number: '987654321 RT0001' }],
        currency: 'CAD',
      },
      taxes: [
        { taxClass: 'standard', name: 'HST', rateBp: 1300 },
        { taxClass: 'gst_only', name: 'HST', rateBp: 500 },
      ],
      owner: { name: 'Dana Lake', pin: '135790', pinAgain: '135790' },
    };
    change(input);
    return input;
  };

  it('is all a fresh log answers: every other channel refuses until set-up is done', async () => {
    core = await startTill({ training: true, setup: 'none' });
    expect(await core.call('setup.status')).toEqual({ ok: true, value: { done: false, demoAvailable: true } });
    expect(await core.call('app.info')).toMatchObject({ ok: true, value: { mode: 'training', currency: 'CAD' } });
    const valid: [Channel, unknown][] = [
      ['catalog.list', undefined],
      ['orders.list', undefined],
      ['checkout.config', undefined],
      ['checkout.quote', { lines: [{ kind: 'custom', description: 'Labour', unitPrice: 1000, taxClass: 'standard' }] }],
      ['owner.pinStatus', undefined],
      ['owner.setPin', { pin: '1111' }],
      ['settings.update', { motoEnabled: true }],
      ['database.backup', undefined],
      ['window.openHistory', undefined],
      ['events.status', undefined],
    ];
    for (const [channel, input] of valid) {
      expect(await core.call(channel, input), channel).toMatchObject({
        ok: false,
        error: { code: 'setup_required', message: expect.stringMatching(/^Till is not set up yet/) },
      });
    }
    // Nobody at the PC got to set the owner PIN first.
    expect(core.till.db.prepare('SELECT count(*) FROM staff WHERE pin_hash IS NOT NULL').pluck().get()).toBe(0);
  });

  it.each([
    [
      'PINs that differ',
      (i: ReturnType<typeof ownShop>) => (i.owner.pinAgain = '135791'),
      'owner.pinAgain',
      /not the same/,
    ],
    [
      'a 3-digit PIN',
      (i: ReturnType<typeof ownShop>) => (i.owner.pin = i.owner.pinAgain = '123'),
      'owner.pin',
      /4 to 6 digits/,
    ],
    [
      'a 7-digit PIN',
      (i: ReturnType<typeof ownShop>) => (i.owner.pin = i.owner.pinAgain = '1234567'),
      'owner.pin',
      /4 to 6 digits/,
    ],
    [
      'a currency Stripe does not support',
      (i: ReturnType<typeof ownShop>) => (i.shop.currency = 'XYZ'),
      'shop.currency',
      /Stripe cannot charge/,
    ],
    ['a rate of 0%', (i: ReturnType<typeof ownShop>) => (i.taxes[0]!.rateBp = 0), 'taxes.0.rateBp', /more than 0%/],
    ['a rate above 30%', (i: ReturnType<typeof ownShop>) => (i.taxes[0]!.rateBp = 3500), 'taxes.0.rateBp', /above 30%/],
    [
      'the same tax twice in a class',
      (i: ReturnType<typeof ownShop>) => i.taxes.push({ taxClass: 'standard', name: 'hst', rateBp: 100 }),
      'taxes',
      /same tax twice/,
    ],
    [
      'no address',
      (i: ReturnType<typeof ownShop>) => (i.shop.address = '  '),
      'shop.address',
      /Enter the shop's address/,
    ],
    [
      'a card number as the name',
      (i: ReturnType<typeof ownShop>) => (i.shop.name = '4242 4242 4242 4242'),
      'shop.name',
      /card number/,
    ],
  ])('refuses %s, naming the field, and stays not set up', async (_what, change, field, message) => {
    core = await startTill({ training: true, setup: 'none' });
    const answer = await core.call('setup.complete', ownShop(change));
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
    expect(!answer.ok && answer.error.message).toMatch(message);
    expect(await core.call('setup.status')).toMatchObject({ ok: true, value: { done: false } });
    expect(await core.call('catalog.list')).toMatchObject({ ok: false, error: { code: 'setup_required' } });
  });

  it("opens Till with the owner's own shop: its taxes price orders, the catalog is empty, the PIN guards settings", async () => {
    core = await startTill({ training: true, setup: 'none' });
    expect(await core.call('setup.complete', ownShop())).toEqual({
      ok: true,
      value: { done: true, demoAvailable: true },
    });
    expect(await core.call('app.info')).toMatchObject({
      ok: true,
      value: { shopName: 'Lakeside Hardware', currency: 'CAD' },
    });
    expect(await core.call('catalog.list', { includeArchived: true })).toEqual({ ok: true, value: [] });
    expect(
      await core.call('checkout.quote', {
        lines: [{ kind: 'custom', description: 'Key cutting', unitPrice: 1000, taxClass: 'standard' }],
      }),
    ).toMatchObject({ ok: true, value: { taxes: [{ name: 'HST', rateBp: 1300, amount: 130 }], total: 1130 } });
    expect(await core.call('owner.pinStatus')).toMatchObject({ ok: true, value: { set: true } });
    expect(await core.call('owner.setPin', { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await core.call('settings.update', { motoEnabled: true, pin: '135790' })).toMatchObject({ ok: true });
    const owner = core.till.db.prepare("SELECT name, pin_hash FROM staff WHERE id = 'owner'").get() as {
      name: string;
      pin_hash: string;
    };
    expect(owner.name).toBe('Dana Lake');
    expect(owner.pin_hash).not.toContain('135790');

    // Set-up happens once: a second try changes nothing.
    const again = await core.call(
      'setup.complete',
      ownShop((i) => (i.shop.name = 'Someone Else')),
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: /already set up/ } });
    expect(await core.call('app.info')).toMatchObject({ ok: true, value: { shopName: 'Lakeside Hardware' } });
  });

  it('takes any currency Stripe supports, in its own minor units (JPY has none)', async () => {
    core = await startTill({ training: true, setup: 'none' });
    const answer = await core.call(
      'setup.complete',
      ownShop((i) => {
        i.shop.currency = 'jpy';
        i.taxes = [{ taxClass: 'standard', name: 'Consumption tax', rateBp: 1000 }];
      }),
    );
    expect(answer).toMatchObject({ ok: true });
    expect(await core.call('app.info')).toMatchObject({ ok: true, value: { currency: 'JPY' } });
    expect(
      await core.call('checkout.quote', {
        lines: [{ kind: 'custom', description: 'Repair', unitPrice: 1500, taxClass: 'standard' }],
      }),
    ).toMatchObject({ ok: true, value: { currency: 'JPY', total: 1650 } });
  });

  it('fills the demo shop in training mode: its catalog, and the owner PIN typed at set-up', async () => {
    core = await startTill({ training: true }); // the helpers' default: the demo shop, as its button does
    expect(await core.call('setup.status')).toMatchObject({ ok: true, value: { done: true } });
    const catalog = await core.call<unknown[]>('catalog.list');
    expect(catalog.ok && catalog.value).toHaveLength(13);
    expect(await core.call('owner.setPin', { pin: '1111', currentPin: TEST_OWNER_PIN })).toMatchObject({ ok: true });
  });

  it('offers the demo shop only in training mode', async () => {
    core = await startTill({
      env: { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123' },
      account: { id: 'acct_test1', name: 'Lakeside Hardware' },
      setup: 'none',
    });
    expect(await core.call('setup.status')).toEqual({ ok: true, value: { done: false, demoAvailable: false } });
    const demo = await core.call('setup.complete', {
      start: 'demo',
      owner: { name: 'Owner', pin: '2468', pinAgain: '2468' },
    });
    expect(demo).toMatchObject({ ok: false, error: { code: 'conflict', message: /training mode only/ } });
    expect(await core.call('setup.status')).toMatchObject({ ok: true, value: { done: false } });
  });
});
