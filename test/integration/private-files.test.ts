import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '#core/create-till';
import { openDatabase } from '#core/db/open';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import { startTillHost, type TillHost } from '#core/till-host';
import { createFileKeyVault } from '../../src/web/file-key-vault';
import { previewShell } from '../../src/web/preview-shell';
import { createConfirmationToken } from '../support/confirmation-token';
import { setUpDemoShop } from '../support/demo-shop';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

/**
 * Issue 15, data at rest: the order log (and its -wal and -shm), backups, logs and the data folder are the user's
 * only. The process runs with umask 000 here, so that anything created with the usual modes would be readable (and
 * writable) by every account on the PC: only Till's own modes keep them private.
 */
const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;
const othersCanReach = (path: string) => (mode(path) & 0o077) !== 0;

describe.runIf(posix)('files only the user can read', () => {
  let root: ReturnType<typeof tempDir>;
  let umask: number;
  beforeEach(() => {
    root = tempDir('till-private-');
    umask = process.umask(0o000);
  });
  afterEach(() => {
    process.umask(umask);
    root.cleanup();
  });

  it('a Till that starts, takes a payment, logs and backs up leaves nothing anyone else can read', async () => {
    const dataDir = join(root.path, 'profile', 'Till');
    const backups = join(root.path, 'USB stick');
    mkdirSync(backups); // a folder of the owner's, readable by all (umask 000)
    const backup = join(backups, 'Till-backup.sqlite');
    let host: TillHost | undefined;
    try {
      host = await startTillHost({
        dataDir,
        version: '0.0.0-test',
        env: {},
        vault: createFileKeyVault(dataDir),
        shell: { ...previewShell, chooseSavePath: async () => backup },
        stripeRetry: { attempts: 3, delayMs: () => 10 },
      });
      const { till, training } = host;
      const owner = { session: 'private-files', window: 'checkout' } as const;
      await setUpDemoShop(till.handlers, undefined, owner);
      const paid = await dispatch(
        till.handlers,
        'checkout.pay',
        {
          checkoutId: randomUUID(),
          cart: { lines: [{ kind: 'custom', description: 'Gloves', unitPrice: 1299, taxClass: 'standard' }] },
          customer: { name: 'Ada Lovelace', phone: '250 555 0101', email: '' },
          note: '',
          confirmationTokenId: await createConfirmationToken(
            training!.simulator.url,
            training!.simulator.keys.publishable,
            '4242424242424242',
          ),
        },
        undefined,
        owner,
      );
      expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } });
      expect(await dispatch(till.handlers, 'database.backup', undefined, undefined, owner)).toMatchObject({ ok: true });
      const log = join(dataDir, 'logs', 'till.log');
      await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('order log backed up'), 'the log line');

      const orderLog = join(dataDir, DATABASE_FILE);
      const files = [orderLog, `${orderLog}-wal`, `${orderLog}-shm`, log, backup];
      for (const file of files) expect(existsSync(file), file).toBe(true);
      expect(Object.fromEntries(files.map((file) => [file, mode(file)]))).toEqual(
        Object.fromEntries(files.map((file) => [file, 0o600])),
      );
      for (const dir of [join(root.path, 'profile'), dataDir, join(dataDir, 'logs')]) {
        expect(mode(dir).toString(8), dir).toBe('700');
      }
      expect(mode(backups).toString(8)).toBe('777'); // the owner's own folder is left as it was
    } finally {
      await host?.close();
    }
  });

  it('an older Till’s order log, its leftover -wal and -shm, and its log file are made private when opened', () => {
    const dataDir = join(root.path, 'Till');
    const orderLog = join(dataDir, DATABASE_FILE);
    openDatabase(orderLog).close();
    const log = join(dataDir, 'logs', 'till.log');
    mkdirSync(join(dataDir, 'logs'));
    writeFileSync(log, '{"msg":"from an older Till"}\n');
    writeFileSync(`${orderLog}-wal`, '');
    writeFileSync(`${orderLog}-shm`, '');
    for (const file of [orderLog, `${orderLog}-wal`, `${orderLog}-shm`, log]) chmodSync(file, 0o644);

    const db = openDatabase(orderLog);
    createLogger({ file: log });
    try {
      for (const file of [orderLog, `${orderLog}-wal`, `${orderLog}-shm`, log]) {
        expect(othersCanReach(file), file).toBe(false);
      }
    } finally {
      db.close();
    }
  });

  it('a data folder the owner chose is left as it was; only what Till writes into it is private', () => {
    const chosen = join(root.path, 'shared-folder');
    mkdirSync(chosen, { mode: 0o755 });
    const db = openDatabase(join(chosen, DATABASE_FILE));
    db.close();
    expect(mode(chosen).toString(8)).toBe('755');
    expect(mode(join(chosen, DATABASE_FILE)).toString(8)).toBe('600');
  });
});
