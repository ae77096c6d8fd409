import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAutoBackup } from '#core/backup/auto-backup';
import { createBackupConfigStore } from '#core/backup/backup-config';
import { createAuditLog } from '#core/db/audit-log';
import type { CallerRequest } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import { startTillHost, type TillHost } from '#core/till-host';
import type { Channel } from '#shared/channels';
import type { BackupStatus, PaymentOutcome } from '#shared/contract';
import type { Result } from '#shared/result';
import { createFileKeyVault } from '../../src/web/file-key-vault';
import { previewShell } from '../../src/web/preview-shell';
import { setUpDemoShop, TEST_OWNER_PIN } from '../support/demo-shop';
import { createConfirmationToken } from '../support/confirmation-token';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

const OWNER: CallerRequest = { session: 'backup-owner', window: 'checkout' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Till as a host runs it (the restore restarts core), in training mode, with the owner's backup folder. */
describe('automatic backups and the in-app restore', () => {
  let root: ReturnType<typeof tempDir>;
  let folder: string;
  let host: TillHost;

  const call = async <T>(channel: Channel, input?: unknown): Promise<Result<T>> =>
    (await dispatch(host.till.handlers, channel, input, undefined, OWNER)) as Result<T>;
  const value = async <T>(channel: Channel, input?: unknown): Promise<T> => {
    const result = await call<T>(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value;
  };
  const pay = async (unitPrice: number, card = '4242424242424242') => {
    const sim = host.training!.simulator;
    return value<PaymentOutcome>('checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'custom', description: 'Trail shoes', unitPrice, taxClass: 'standard' }] },
      customer: { name: 'Ada Lovelace', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: await createConfirmationToken(sim.url, sim.keys.publishable, card),
    });
  };
  const order = (id: string) =>
    host.till.db.prepare('SELECT status, total, amount_refunded, review_reason FROM orders WHERE id = ?').get(id) as
      { status: string; total: number; amount_refunded: number; review_reason: string | null } | undefined;

  beforeEach(async () => {
    root = tempDir('till-auto-backup-');
    folder = join(root.path, 'USB stick');
    mkdirSync(folder);
    const dataDir = join(root.path, 'Till');
    host = await startTillHost({
      dataDir,
      version: '0.0.0-test',
      env: {},
      vault: createFileKeyVault(dataDir),
      shell: { ...previewShell, chooseFolder: async () => folder },
      logger: createLogger({ level: 'silent' }),
      stripeRetry: { attempts: 2, delayMs: () => 5 },
      background: true,
    });
    await setUpDemoShop(host.till.handlers, undefined, OWNER);
  });
  afterEach(async () => {
    await host.close();
    root.cleanup();
  });

  it('keeps the newest N of its own backups, one a day, and never touches the other files in the folder', async () => {
    const others = ['notes.txt', 'Till-backup-2026-01-02.sqlite', 'Till-backup-by-hand.sqlite'];
    for (const name of others) writeFileSync(join(folder, name), 'the owner’s own file');
    // Picking the folder turns backups on and takes the first at once.
    const chosen = await value<BackupStatus>('backup.chooseFolder', { pin: TEST_OWNER_PIN });
    expect(chosen).toMatchObject({ folder, enabled: true, keep: 14, lastError: null });
    expect(chosen.backups).toHaveLength(1);
    await value('backup.update', { keep: 3, pin: TEST_OWNER_PIN });
    await pay(2500);

    // The following days, on the day's clock: each day's first check backs up, a second check that day does not.
    const db = host.till.db;
    let clock = Date.now();
    const daily = createAutoBackup({
      db,
      config: createBackupConfigStore(db),
      audit: createAuditLog(db),
      log: host.till.log,
      now: () => clock,
    });
    const written: string[] = [];
    for (let day = 1; day <= 4; day++) {
      clock += DAY_MS;
      const run = await daily.ifDue();
      expect(run).toMatchObject({ ok: true, orders: 1 });
      written.push((run as { file: string }).file);
      expect(await daily.ifDue(), 'a second check the same day').toBeNull();
    }
    const status = await value<BackupStatus>('backup.status');
    expect(status.backups.map((b) => join(folder, b.name))).toEqual(written.slice(-3).reverse());
    expect(status.backups.every((b) => b.orders === 1)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(
      [...others, ...written.slice(-3).map((f) => f.split('/').pop()!)].sort(),
    );
    expect(status.lastGoodAt).toBe(clock);
  });

  it('reports a backup that failed (the stick pulled) to the owner and the audit log, and payments go on', async () => {
    await value('backup.chooseFolder', { pin: TEST_OWNER_PIN });
    const good = await value<BackupStatus>('backup.status');
    rmSync(folder, { recursive: true });

    const status = await value<BackupStatus>('backup.now');
    expect(status).toMatchObject({
      lastGoodAt: good.lastGoodAt,
      lastError: expect.stringContaining('is not there'),
      lastErrorAt: expect.any(Number),
      folderError: expect.stringContaining('cannot be read'),
      backups: [],
    });
    expect(existsSync(folder), 'the folder is never made again elsewhere').toBe(false);
    const failed = host.till.db
      .prepare("SELECT details FROM audit_log WHERE action = 'database.backup_failed'")
      .pluck()
      .get() as string;
    expect(JSON.parse(failed)).toMatchObject({ reason: 'now', folder });
    expect((await pay(1800)).status).toBe('paid');
    // Quitting with the stick still out neither throws nor hangs.
    await host.till.backupOnQuit();
  });

  it('backs up on quit', async () => {
    await value('backup.chooseFolder', { pin: TEST_OWNER_PIN });
    await pay(1200);
    const before = readdirSync(folder).length;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // backups are named to the second
    await host.close();
    const names = readdirSync(folder).sort();
    expect(names).toHaveLength(before + 1);
    const last = new Database(join(folder, names.at(-1)!), { readonly: true });
    expect(last.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(1);
    last.close();
    // afterEach closes again: a second close of the host must be harmless.
  });

  it('restores a backup from inside Till: checked, the log set aside, restarted, and Stripe gives back what came after', async () => {
    const before = await pay(2500);
    await value('backup.chooseFolder', { pin: TEST_OWNER_PIN }); // the backup holds the first order only
    const { backups } = await value<BackupStatus>('backup.status');
    expect(backups).toMatchObject([{ orders: 1 }]);

    // After the backup: another payment, a refund in Till, one in Stripe's Dashboard, and a disputed payment.
    const after = await pay(4000);
    const disputed = await pay(3100, '4000000000000259'); // Stripe's test card its bank disputes once paid
    host.training!.simulator.admin.runPendingJobs();
    expect(
      await value('orders.refund', {
        orderId: after.orderId,
        amount: 500,
        reason: 'requested_by_customer',
        note: '',
        pin: TEST_OWNER_PIN,
      }),
    ).toMatchObject({
      status: 'succeeded',
    });
    const sim = host.training!.simulator;
    const stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http' });
    const intent = host.till.db
      .prepare('SELECT payment_intent_id FROM orders WHERE id = ?')
      .pluck()
      .get(before.orderId) as string;
    await stripe.refunds.create({ payment_intent: intent, amount: 1000 });

    // A wrong PIN, and a file that is not a Till log, are refused with nothing changed.
    expect(await call('backup.restore', { name: backups[0]!.name, pin: '0000' })).toMatchObject({ ok: false });
    const junk = 'Till-backup-2020-01-01_00-00-00.sqlite';
    writeFileSync(join(folder, junk), 'not a database at all, but long enough to look like one '.repeat(100));
    expect(await call('backup.restore', { name: junk, pin: TEST_OWNER_PIN })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('cannot be restored') },
    });
    expect(order(after.orderId)).toMatchObject({ status: 'partially_refunded' });

    const restored = await value<{ orders: number; setAside: string }>('backup.restore', {
      name: backups[0]!.name,
      pin: TEST_OWNER_PIN,
    });
    expect(restored.orders).toBe(1);

    // The log that was in use is kept aside, whole, with the later order in it.
    const aside = new Database(restored.setAside, { readonly: true, fileMustExist: true });
    expect(aside.prepare('SELECT count(*) FROM orders WHERE id = ?').pluck().get(after.orderId)).toBe(1);
    aside.close();

    // Core restarted on the backup; reconciliation and the events catch-up bring back the rest from Stripe.
    await waitFor(
      () => order(after.orderId)?.amount_refunded === 500 && order(before.orderId)?.amount_refunded === 1000,
      'Stripe’s side to come back',
      { timeoutMs: 20_000 },
    );
    expect(order(after.orderId)).toMatchObject({
      status: 'partially_refunded',
      review_reason: expect.stringMatching(/^Restored from Stripe/),
    });
    expect(order(before.orderId)).toMatchObject({ status: 'partially_refunded', review_reason: null });
    const dispute = host.till.db.prepare('SELECT dispute_status FROM orders WHERE id = ?').pluck();
    await waitFor(() => dispute.get(disputed.orderId), 'the dispute after the backup to come back');
    expect(order(disputed.orderId)).toMatchObject({ review_reason: expect.stringMatching(/^Restored from Stripe/) });

    // The owner is still signed in, sees where the backup came from, and the audit log says so.
    const status = await value<BackupStatus>('backup.status');
    expect(status.restored).toMatchObject({ backupFile: join(folder, backups[0]!.name), setAside: restored.setAside });
    const audited = host.till.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'database.restored'").pluck();
    expect(audited.get()).toBe(1);
  });
});
