/**
 * The export's worker threads on their own (export-in-parts.ts): what the owner's export relies on beyond the bytes
 * (orders-export-bytes.test.ts) — halves that neither miss nor repeat an order however the history is cut, workers
 * that cannot start told apart (the export is then written on the main thread), a file that cannot be written
 * failing the export and not Till, and a canceled or interrupted export leaving no part behind.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportInParts, removeLeftoverParts, WorkersUnavailable } from '#core/orders/export-in-parts';
import { exportOnThisThread, type ExportFilter, type ExportJob } from '#core/orders/export-job';
import { writeMixedOrders } from '../support/mixed-orders';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

const ORDERS = 3_000;

/** Everything a job writes, as one buffer. */
async function written(job: ExportJob): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  try {
    await job.writeTo(out, new AbortController().signal);
  } finally {
    await job.close();
  }
  return Buffer.concat(chunks);
}

describe('an export in parts', () => {
  let core: TestTill;
  const parts = () => readdirSync(core.dataDir).filter((name) => name.includes('.export-'));

  beforeAll(async () => {
    core = await startTill();
    writeMixedOrders(core.till.db, ORDERS);
    // Two thirds of the orders placed in one millisecond, older than the rest, so the cut (half-way) falls among
    // them: only the order number tells them apart, in the history as at the cut.
    core.till.db.prepare('UPDATE orders SET created_at = 1764547200000 WHERE number % 3 <> 0').run();
    const cut = core.till.db
      .prepare('SELECT created_at FROM orders ORDER BY created_at DESC, number DESC LIMIT 1 OFFSET ?')
      .pluck()
      .get(ORDERS / 2);
    expect(cut).toBe(1764547200000);
  });

  afterAll(() => core.stop());

  it.each<[string, ExportFilter]>([
    ['the whole history', {}],
    ['refunded orders only', { status: 'refunded' }],
    ['one order', { search: '#1500' }],
  ])('writes the same file as the main thread, for %s', async (_what, filter) => {
    for (const kind of ['orders', 'lines'] as const) {
      const inParts = await written(exportInParts({ file: core.till.databaseFile, kind, filter }));
      const alone = await written(exportOnThisThread(core.till.db, kind, filter));
      expect(inParts.length).toBeGreaterThan(100);
      expect(inParts.equals(alone)).toBe(true);
    }
  });

  it('says its workers could not start, before anything is written', async () => {
    const missing = join(tempDir('till-no-log-').path, 'till.sqlite');
    const job = exportInParts({ file: missing, kind: 'orders', filter: {} });
    await expect(job.total).rejects.toBeInstanceOf(WorkersUnavailable);
    await job.close();
    expect(existsSync(missing)).toBe(false);
  });

  it('fails, and only the export fails, when the file cannot be written', async () => {
    const job = exportInParts({ file: core.till.databaseFile, kind: 'lines', filter: {} });
    const full = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    await expect(job.writeTo(full, new AbortController().signal)).rejects.toThrow('no space left on device');
    await job.close();
    expect(parts()).toEqual([]);
  });

  it('stops its workers when canceled and removes the second part', async () => {
    const job = exportInParts({ file: core.till.databaseFile, kind: 'lines', filter: {} });
    expect(await job.total).toBeGreaterThan(ORDERS);
    // A reader that never reads: the first part's buffers fill up and the export waits, until it is canceled.
    const out = new PassThrough({ highWaterMark: 1 });
    const controller = new AbortController();
    const writing = job.writeTo(out, controller.signal);
    while (parts().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    await job.close();
    expect(parts()).toEqual([]);
  });

  it('removes the parts an interrupted export left, and nothing else', () => {
    const log = core.till.databaseFile;
    const left = `${log}.export-0b0e8e6c-2f4c-4a8e-9d55-6f0d2c1e7a11.part`;
    const owners = join(core.dataDir, 'notes.export-2026.part');
    writeFileSync(left, 'Order,Date\r\n1001,…');
    writeFileSync(owners, 'not Till’s');
    expect(removeLeftoverParts(log)).toHaveLength(1);
    expect(existsSync(left)).toBe(false);
    expect(existsSync(owners)).toBe(true);
  });
});
