/**
 * The export's worker threads on their own (export-in-parts.ts): what the owner's export relies on beyond the bytes
 * (orders-export-bytes.test.ts) — workers that cannot start are told apart, so the export can be written on the main
 * thread instead, and a canceled export stops its workers and leaves no part behind.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportInParts, WorkersUnavailable } from '#core/orders/export-in-parts';
import { writeMixedOrders } from '../support/mixed-orders';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

describe('an export in parts', () => {
  let core: TestTill;

  beforeAll(async () => {
    core = await startTill();
    writeMixedOrders(core.till.db, 3_000);
  });

  afterAll(() => core.stop());

  it('says its workers could not start, before anything is written', async () => {
    const missing = join(tempDir('till-no-log-').path, 'till.sqlite');
    const job = exportInParts({ file: missing, kind: 'orders', filter: {} });
    await expect(job.total).rejects.toBeInstanceOf(WorkersUnavailable);
    await job.close();
    expect(existsSync(missing)).toBe(false);
  });

  it('stops its workers when canceled and removes the second part', async () => {
    const job = exportInParts({ file: core.till.databaseFile, kind: 'lines', filter: {} });
    const total = await job.total;
    expect(total).toBeGreaterThan(3_000);
    // A reader that never reads: the first part's buffers fill up and the export waits, until it is canceled.
    const out = new PassThrough({ highWaterMark: 1 });
    const controller = new AbortController();
    const writing = job.writeTo(out, controller.signal);
    const parts = () => readdirSync(core.dataDir).filter((name) => name.includes('.export-'));
    while (parts().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    await job.close();
    expect(parts()).toEqual([]);
  });
});
