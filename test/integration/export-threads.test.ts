/**
 * TILL_EXPORT_PARTS_FROM, read by the host as the desktop app starts: the release workflow sets it to 1, so that a
 * packaged app with one order writes its export on worker threads (test/electron/packaged-export.spec.ts). Each
 * export says in the log where it was written and how long it took; that line is what the packaged test looks for.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '#core/ipc/dispatch';
import type { Logger } from '#core/log';
import { exportsInPartsFrom, startTillHost, type TillHost } from '#core/till-host';
import type { OrdersFileExport } from '#shared/contract';
import { createFileKeyVault } from '../../src/web/file-key-vault';
import { previewShell } from '../../src/web/preview-shell';
import { setUpDemoShop } from '../support/demo-shop';
import { exportToFolder } from '../support/export-shell';
import { writeMixedOrders } from '../support/mixed-orders';
import { tempDir } from '../support/temp-dir';
import { OWNER_SESSION } from '../support/till';

/** A logger whose lines are kept, parsed, for the test to read. */
function keptLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream) as Logger, lines };
}

describe('where an export is written, as the host is told by TILL_EXPORT_PARTS_FROM', () => {
  const folder = tempDir('till-export-threads-');
  let host: TillHost | undefined;
  let data: ReturnType<typeof tempDir> | undefined;

  afterEach(async () => {
    await host?.close();
    data?.cleanup();
    host = undefined;
  });
  afterAll(() => folder.cleanup());

  async function exportOf(orders: number, env: NodeJS.ProcessEnv) {
    const { logger, lines } = keptLogger();
    data = tempDir('till-export-threads-data-');
    const dataDir = data.path;
    host = await startTillHost({
      dataDir,
      version: '0.0.0-test',
      env,
      vault: createFileKeyVault(dataDir),
      shell: { ...previewShell, ...exportToFolder(folder.path) },
      logger,
    });
    await setUpDemoShop(host.till.handlers, undefined, OWNER_SESSION);
    writeMixedOrders(host.till.db, orders);
    const result = await dispatch(host.till.handlers, 'orders.exportCsv', {}, undefined, OWNER_SESSION);
    if (!result.ok) throw new Error(result.error.message);
    expect((result.value as OrdersFileExport).rows).toBe(orders);
    // pino writes asynchronously to its stream: the line may follow the answer by a tick.
    await new Promise((resolve) => setImmediate(resolve));
    return lines.filter((line) => line.msg === 'export written');
  }

  it('writes a history of three orders on worker threads when TILL_EXPORT_PARTS_FROM is 1', async () => {
    const written = await exportOf(3, { TILL_EXPORT_PARTS_FROM: '1' });
    expect(written).toEqual([expect.objectContaining({ kind: 'orders', rows: 3, threads: 'workers' })]);
    expect(written[0]!.ms).toEqual(expect.any(Number));
  });

  it('writes them on the main thread without it (large exports only go to worker threads)', async () => {
    const written = await exportOf(3, {});
    expect(written).toEqual([expect.objectContaining({ kind: 'orders', rows: 3, threads: 'main' })]);
  });

  it('refuses a value that is not a whole number of orders, naming the variable', () => {
    expect(exportsInPartsFrom({ TILL_EXPORT_PARTS_FROM: '20000' })).toBe(20_000);
    expect(exportsInPartsFrom({ TILL_EXPORT_PARTS_FROM: '' })).toBeUndefined();
    for (const value of ['0', '-5', '1.5', 'many', '1e400']) {
      expect(() => exportsInPartsFrom({ TILL_EXPORT_PARTS_FROM: value })).toThrow(
        `TILL_EXPORT_PARTS_FROM must be a whole number of orders, 1 or more; it is "${value}".`,
      );
    }
  });
});
