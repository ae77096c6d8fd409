/**
 * The desktop app starts the export's worker threads from out/main/export-worker.js, a build entry of its own: built
 * as electron-vite builds it, it must load on its own (its chunk, better-sqlite3, csv-stringify) and write its part
 * of an export. Tests elsewhere run the worker from its TypeScript source; this one runs what ships.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrdersFileExport } from '#shared/contract';
import { exportOnThisThread } from '#core/orders/export-job';
import { SHARED_BYTES, SHARED_SLOTS, type ExportPartData } from '#core/orders/export-parts-protocol';
import { exportToFolder } from '../support/export-shell';
import { writeMixedOrders } from '../support/mixed-orders';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

const BUILT_WORKER = join(import.meta.dirname, '../../out/main/export-worker.js');

describe('the built export worker', () => {
  const folder = tempDir('till-export-worker-');
  let core: TestTill;

  beforeAll(async () => {
    // Every export in parts, through the built workers, as the desktop app writes large ones.
    core = await startTill({
      shell: exportToFolder(folder.path),
      exportsInPartsFrom: 1,
      exportWorker: pathToFileURL(BUILT_WORKER),
    });
    writeMixedOrders(core.till.db, 40);
  });

  it('writes both files as the main thread does', async () => {
    for (const channel of ['orders.exportCsv', 'orders.exportLines'] as const) {
      const inParts = await core.call<OrdersFileExport>(channel, {});
      if (!inParts.ok) throw new Error(inParts.error.message);
      const whole = exportOnThisThread(core.till.db, channel === 'orders.exportCsv' ? 'orders' : 'lines', {});
      const chunks: Buffer[] = [];
      const out = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      });
      await whole.writeTo(out, new AbortController().signal);
      await whole.close();
      expect(readFileSync(inParts.value.path!)).toEqual(Buffer.concat(chunks));
    }
  });

  afterAll(async () => {
    await core.stop();
    folder.cleanup();
  });

  it('writes the second half of the lines file on its own', async () => {
    const whole = await core.call<OrdersFileExport>('orders.exportLines', {});
    if (!whole.ok) throw new Error(whole.error.message);
    const expected = readFileSync(whole.value.path!, 'utf8');

    const shared = new Int32Array(new SharedArrayBuffer(SHARED_BYTES));
    const partFile = join(folder.path, 'second-half.part');
    const data: ExportPartData = {
      file: core.till.databaseFile,
      kind: 'lines',
      filter: {},
      part: 1,
      parts: 2,
      partFile,
      shared: shared.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(BUILT_WORKER, { workerData: data });
    const said: { type: string; rows?: number; message?: string }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: (typeof said)[number]) => {
        said.push(message);
        if (message.type === 'ready') {
          Atomics.store(shared, SHARED_SLOTS.go, 1);
          Atomics.notify(shared, SHARED_SLOTS.go);
        }
        if (message.type === 'done' || message.type === 'failed') resolve();
      });
    });
    await done;
    await worker.terminate();

    expect(said.at(-1)).toMatchObject({ type: 'done' });
    const part = readFileSync(partFile, 'utf8');
    const rows = part.split('\r\n').length - 1;
    expect(said.at(-1)!.rows).toBe(rows);
    // About half the lines (the orders are halved), no header, and exactly the end of the whole file.
    expect(rows).toBeGreaterThan(whole.value.rows / 4);
    expect(rows).toBeLessThan(whole.value.rows);
    expect(part.startsWith('Order,')).toBe(false);
    expect(expected.endsWith(part)).toBe(true);
    expect(Atomics.load(shared, SHARED_SLOTS.rows)).toBe(rows);
    expect(Atomics.load(shared, SHARED_SLOTS.snapshots)).toBe(1);
  });
});
