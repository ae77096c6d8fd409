/**
 * Stripe keys pasted in the app, checked against the simulator as Stripe would answer; kept in the browser preview's
 * private file; and one order log per Stripe account and mode, switched as the keys change.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@till/stripe-simulator';
import type { Channel } from '#shared/channels';
import type { KeysStatus, OrdersPage, PaymentOutcome } from '#shared/contract';
import type { Result } from '#shared/result';
import { dispatch } from '#core/ipc/dispatch';
import { orderLogFile } from '#core/keys/order-log-file';
import { verifyStripeKeys } from '#core/keys/verify-keys';
import { createLogger } from '#core/log';
import { startTillHost, type TillHost } from '#core/till-host';
import { TillFailure } from '#core/errors';
import { createFileKeyVault, PREVIEW_KEYS_FILE } from '../../src/web/file-key-vault';
import { previewShell } from '../../src/web/preview-shell';
import { createConfirmationToken } from '../support/confirmation-token';
import { tempDir } from '../support/temp-dir';
import { setUpDemoShop, setUpOwnShop, TEST_OWNER_PIN } from '../support/demo-shop';

let north: RunningSimulator;
let south: RunningSimulator;
beforeAll(async () => {
  north = await startSimulator({ port: 0, accountName: 'North Shore Safety', strictKeys: true, builtInPlugins: false });
  south = await startSimulator({ port: 0, accountName: 'South Yard Supply', strictKeys: true, builtInPlugins: false });
});
afterAll(async () => {
  await north.close();
  await south.close();
});

const TILL_NEEDS = [
  'rak_payment_intent_write',
  'rak_confirmation_token_read',
  'rak_refund_write',
  'rak_event_read',
  'rak_dispute_read',
  'rak_checkout_session_write',
  'rak_charge_read',
  'rak_balance_read',
  'rak_payout_read',
];

async function failureOf(promise: Promise<unknown>): Promise<TillFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TillFailure) return error;
    throw error;
  }
  throw new Error('expected the keys to be refused');
}

describe('checking pasted keys with Stripe', () => {
  const verify = (secretKey: string, publishableKey: string) =>
    verifyStripeKeys({ secretKey, publishableKey }, { version: '0.0.0-test', apiBase: north.url });

  it('keys that work give their mode and the account they open, with its name', async () => {
    const keys = await verify(north.keys.secret, north.keys.publishable);
    expect(keys).toMatchObject({ mode: 'test', account: { id: north.context.accountId, name: 'North Shore Safety' } });
  });

  it('a restricted key holding everything Till needs passes', async () => {
    const restricted = north.admin.mintRestrictedKey(TILL_NEEDS);
    expect((await verify(restricted, north.keys.publishable)).account.id).toBe(north.context.accountId);
  });

  it('a test key with a live key is refused with a message saying so', async () => {
    const failure = await failureOf(verify(north.keys.secret, 'pk_live_51AbCdEfGhIjKlMnOp'));
    expect(failure.detail.message).toBe(
      'The secret key is a test key but the publishable key is a live key; use a matching pair.',
    );
  });

  it('a restricted key that cannot write Refunds is named', async () => {
    const restricted = north.admin.mintRestrictedKey(TILL_NEEDS.filter((p) => p !== 'rak_refund_write'));
    const failure = await failureOf(verify(restricted, north.keys.publishable));
    expect(failure.detail).toMatchObject({ code: 'invalid_input', field: 'secretKey' });
    expect(failure.detail.message).toMatch(/^This restricted key cannot write Refunds\. /);
  });

  it('every missing permission is named at once', async () => {
    const restricted = north.admin.mintRestrictedKey(['rak_payment_intent_write', 'rak_confirmation_token_read']);
    const failure = await failureOf(verify(restricted, north.keys.publishable));
    expect(failure.detail.message).toMatch(
      /^This restricted key cannot write Refunds, read Events, read Disputes, write Checkout Sessions, read Charges, read Balance or read Payouts\./,
    );
  });

  it('a key Stripe does not know is refused as such', async () => {
    const failure = await failureOf(verify('sk_test_51NotARealKeyAtAll0000', north.keys.publishable));
    expect(failure.detail).toMatchObject({ code: 'invalid_input', field: 'secretKey' });
    expect(failure.detail.message).toMatch(/^Stripe did not accept this secret key/);
  });
});

describe('keys saved in the browser preview, one order log per account and mode', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let host: TillHost;
  afterEach(async () => {
    await host?.close();
    dir?.cleanup();
    dir = undefined;
  });

  /** The owner's window: set-up signs it in, and it stays signed in across a switch of keys. */
  const SESSION = { session: 'keys-test', window: 'history' } as const;
  const call = <T>(channel: Channel, input?: unknown) =>
    dispatch(host.till.handlers, channel, input, undefined, SESSION) as Promise<Result<T>>;
  const value = <T>(result: Result<T>): T => {
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  /** Saving keys through the contract, as the settings form does. */
  const saveKeys = async (sim: RunningSimulator) => {
    const saved = await call<KeysStatus>('keys.save', {
      secretKey: sim.keys.secret,
      publishableKey: sim.keys.publishable,
      pin: TEST_OWNER_PIN,
    });
    // A new account's log opens on set-up, as it does for the owner: that shop is set up with its own details.
    if (saved.ok) await setUpOwnShop(host.till.handlers, TEST_OWNER_PIN, SESSION);
    return saved;
  };
  /**
   * Each simulator plays one Stripe account, and a Till reaches one Stripe: the host is (re)started pointed at the
   * simulator whose keys are about to be saved, on the same data folder.
   */
  const startOn = async (sim: RunningSimulator) => {
    dir ??= tempDir('till-keys-');
    host = await startTillHost({
      dataDir: dir!.path,
      version: '0.0.0-test',
      env: {},
      vault: createFileKeyVault(dir!.path),
      shell: previewShell,
      logger: createLogger({ level: 'silent' }),
      stripeApiBase: sim.url,
    });
    await setUpDemoShop(host.till.handlers, TEST_OWNER_PIN, SESSION);
    // A restart signs everyone out: the owner signs in again on the lock screen.
    value(await call('staff.signIn', { staffId: 'owner', pin: TEST_OWNER_PIN }));
  };
  const payOne = async (sim: RunningSimulator, description: string) =>
    value(
      await call<PaymentOutcome>('checkout.pay', {
        checkoutId: randomUUID(),
        cart: { lines: [{ kind: 'custom', description, unitPrice: 1500, taxClass: 'standard' }] },
        customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
        note: '',
        confirmationTokenId: await createConfirmationToken(sim.url, sim.keys.publishable, '4242424242424242'),
      }),
    );
  const orderCount = async () => value(await call<OrdersPage>('orders.list', {})).orders.length;

  it('keeps the keys in a file only the user can read; removing them returns to training mode', async () => {
    await startOn(north);
    expect(host.till.mode).toBe('training');
    const saved = value(await saveKeys(north));
    expect(saved).toMatchObject({ source: 'saved', mode: 'test', accountName: 'North Shore Safety' });
    expect(saved.secretKeyMasked).toBe(`sk_test_…${north.keys.secret.slice(-4)}`);
    expect(JSON.stringify(saved)).not.toContain(north.keys.secret);
    expect(saved.storage.message).toContain('unencrypted');

    const file = join(dir!.path, PREVIEW_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(host.till.mode).toBe('test');
    const info = value(await call<{ accountName: string; orderLog: string }>('app.info'));
    expect(info.accountName).toBe('North Shore Safety');

    const removed = value(await call<KeysStatus>('keys.remove', { pin: TEST_OWNER_PIN }));
    expect(removed).toMatchObject({ source: 'none', mode: 'training', secretKeyMasked: null });
    expect(existsSync(file)).toBe(false);
    expect(host.till.mode).toBe('training');
    expect(value(await call<{ orderLog: string }>('app.info')).orderLog).toBe(join(dir!.path, 'till.sqlite'));
  });

  it('gives each account and mode its own order log, and switching back finds the first one’s orders', async () => {
    await startOn(north);
    expect(value(await call<KeysStatus>('keys.status')).mode).toBe('training');
    const trainingOrders = await orderCount();

    value(await saveKeys(north));
    const northLog = join(dir!.path, `till-${north.context.accountId}-test.sqlite`);
    expect(value(await call<{ orderLog: string }>('app.info')).orderLog).toBe(northLog);
    expect((await payOne(north, 'North sale')).status).toBe('paid');
    expect(await orderCount()).toBe(1);

    // The host reaches one Stripe at a time: restart it pointed at the second account's simulator.
    await host.close();
    await startOn(south);
    value(await saveKeys(south));
    const southLog = join(dir!.path, `till-${south.context.accountId}-test.sqlite`);
    expect(value(await call<{ orderLog: string }>('app.info')).orderLog).toBe(southLog);
    expect(await orderCount()).toBe(0);

    await host.close();
    await startOn(north);
    value(await saveKeys(north));
    expect(await orderCount()).toBe(1);
    expect(existsSync(northLog) && existsSync(southLog)).toBe(true);

    // Removing the keys goes back to training mode's log, which the test orders never touched.
    value(await call<KeysStatus>('keys.remove', { pin: TEST_OWNER_PIN }));
    expect(value(await call<{ orderLog: string }>('app.info')).orderLog).toBe(join(dir!.path, 'till.sqlite'));
    expect(await orderCount()).toBe(trainingOrders);
  });

  it('takes the shop, its taxes, the owner PIN and the staff to a new account’s log, but not the catalog', async () => {
    dir ??= tempDir('till-keys-');
    host = await startTillHost({
      dataDir: dir.path,
      version: '0.0.0-test',
      env: {},
      vault: createFileKeyVault(dir.path),
      shell: previewShell,
      logger: createLogger({ level: 'silent' }),
      stripeApiBase: north.url,
    });
    await setUpOwnShop(host.till.handlers, TEST_OWNER_PIN, SESSION);
    const sam = value(
      await call<{ id: string }>('staff.add', {
        name: 'Sam',
        role: 'clerk',
        newPin: '1357',
        newPinAgain: '1357',
        pin: TEST_OWNER_PIN,
      }),
    );
    value(
      await call<KeysStatus>('keys.save', {
        secretKey: north.keys.secret,
        publishableKey: north.keys.publishable,
        pin: TEST_OWNER_PIN,
      }),
    );
    expect(host.till.mode).toBe('test');
    expect(value(await call<{ done: boolean }>('setup.status')).done).toBe(true);
    expect(value(await call<{ shopName: string }>('app.info')).shopName).toBe('Test Shop');
    expect(
      value(
        await call<{ total: number }>('checkout.quote', {
          lines: [{ kind: 'custom', description: 'Gloves', unitPrice: 1000, taxClass: 'standard' }],
        }),
      ).total,
    ).toBe(1050); // the shop's 5% GST came with it
    expect(value(await call<unknown[]>('catalog.list', {}))).toEqual([]);
    expect(await call('settings.update', { motoEnabled: true, pin: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('settings.update', { motoEnabled: true, pin: TEST_OWNER_PIN })).toMatchObject({ ok: true });
    // The owner who saved the keys is still signed in; the clerk signs in on the new log with the same PIN.
    const clerk = { session: 'keys-clerk', window: 'checkout' } as const;
    expect(
      await dispatch(host.till.handlers, 'staff.signIn', { staffId: sam.id, pin: '1357' }, undefined, clerk),
    ).toMatchObject({ ok: true, value: { staff: { name: 'Sam', role: 'clerk' } } });
  });

  it('names a live log by account and mode too', () => {
    expect(orderLogFile('live', 'acct_1AbC')).toBe('till-acct_1AbC-live.sqlite');
    expect(orderLogFile('test', 'acct_1AbC')).toBe('till-acct_1AbC-test.sqlite');
    expect(orderLogFile('training', null)).toBe('till.sqlite');
  });
});
