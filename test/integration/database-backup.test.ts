import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createTill, DATABASE_FILE } from '#core/create-till';
import { createLogger } from '#core/log';
import type { PaymentOutcome } from '#shared/contract';
import { previewShell } from '../../src/web/preview-shell';
import { startTill, type TestTill } from '../support/till';
import { tempDir } from '../support/temp-dir';

/** The owner's backup of the order log, with the save dialog answered by the test. */
describe('backing up the order log', () => {
  let core: TestTill;
  let target: ReturnType<typeof tempDir>;
  let chosen: string | null;

  beforeEach(async () => {
    target = tempDir('till-backup-');
    chosen = join(target.path, 'Till-backup.sqlite');
    core = await startTill({ training: true, shell: { chooseSavePath: async () => chosen } });
  });
  afterEach(async () => {
    await core.stop();
    target.cleanup();
  });

  async function takePayment() {
    const result = await core.call('checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] },
      customer: { name: 'Ada Lovelace', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: await core.confirmationToken('4242424242424242'),
    });
    expect(result).toMatchObject({ ok: true, value: { status: 'paid' } });
    return (result as { value: PaymentOutcome }).value;
  }

  it('writes one self-contained file with every order, checked, and audits it', async () => {
    await takePayment();
    await takePayment();
    const result = await core.call('database.backup');
    expect(result).toMatchObject({ ok: true, value: { path: chosen, orders: 2, bytes: expect.any(Number) } });
    // One file that opens anywhere: no -wal or -shm beside it, no leftover partial copy.
    expect(readdirSync(target.path)).toEqual(['Till-backup.sqlite']);
    const copy = new Database(chosen!, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.prepare("SELECT count(*) FROM orders WHERE status = 'paid'").pluck().get()).toBe(2);
      expect(copy.prepare('SELECT count(*) FROM payment_attempts').pluck().get()).toBe(2);
    } finally {
      copy.close();
    }
    const audit = core.till.db.prepare("SELECT details FROM audit_log WHERE action = 'database.backed_up'").pluck();
    expect(JSON.parse(audit.get() as string)).toMatchObject({ orders: 2 });
  });

  it('replaces an older backup under the same name only with a good copy', async () => {
    await core.call('database.backup');
    await takePayment();
    expect(await core.call('database.backup')).toMatchObject({ ok: true, value: { orders: 1 } });
    const copy = new Database(chosen!, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(1);
    copy.close();
  });

  it('does nothing when the owner cancels the save dialog', async () => {
    chosen = null;
    expect(await core.call('database.backup')).toEqual({ ok: true, value: { path: null, orders: 0, bytes: 0 } });
    expect(readdirSync(target.path)).toEqual([]);
  });

  it('refuses to write over the order log itself', async () => {
    chosen = join(core.dataDir, DATABASE_FILE);
    const result = await core.call('database.backup');
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: /the order log itself/ } });
  });

  it('says where it could not write, and leaves nothing half-written', async () => {
    chosen = join(target.path, 'no-such-folder', 'Till-backup.sqlite');
    const result = await core.call('database.backup');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(`could not be written to ${chosen}`) },
    });
    expect(existsSync(join(target.path, 'no-such-folder'))).toBe(false);
    expect(
      core.till.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'database.backed_up'").pluck().get(),
    ).toBe(0);
  });

  it('restores as the README says: the backup put in place, then Stripe gives back what came after it', async () => {
    const before = await takePayment();
    await core.call('database.backup');
    const after = await takePayment(); // not in the backup
    const { secret } = core.training!.simulator.keys;
    const { port } = core.training!.simulator;
    const stripe = new Stripe(secret, { host: '127.0.0.1', port, protocol: 'http' });
    const intent = core.till.db
      .prepare('SELECT payment_intent_id FROM orders WHERE id = ?')
      .pluck()
      .get(before.orderId) as string;
    await stripe.refunds.create({ payment_intent: intent, amount: 1000 }); // in the Dashboard, after the backup

    // Till quits; the owner puts the backup in place of the order log and starts Till again.
    await core.till.close();
    copyFileSync(chosen!, join(core.dataDir, DATABASE_FILE));
    for (const extra of ['-wal', '-shm']) rmSync(join(core.dataDir, DATABASE_FILE + extra), { force: true });
    const restored = createTill({
      dataDir: core.dataDir,
      version: '0.0.0-test',
      env: {},
      stripe: core.training!.connection,
      logger: createLogger({ level: 'silent' }),
      shell: previewShell,
    });
    try {
      await restored.startBackground(); // start-up: reconciliation, then the Events API from where the backup left off
      const order = restored.db.prepare('SELECT status, amount_refunded, review_reason FROM orders WHERE id = ?');
      const refunded = () => (order.get(before.orderId) as { amount_refunded: number }).amount_refunded;
      for (let i = 0; i < 100 && refunded() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(order.get(after.orderId)).toMatchObject({
        status: 'paid',
        review_reason: expect.stringMatching(/^Restored from Stripe/),
      });
      expect(order.get(before.orderId)).toMatchObject({ status: 'partially_refunded', amount_refunded: 1000 });
    } finally {
      await restored.close();
    }
  });
});
