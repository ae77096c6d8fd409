/**
 * The exports' exact bytes, pinned: a bookkeeper's macros and imports read these files, so making the export faster
 * must not move a quote, a line break or a decimal. A log of 600 mixed orders (names with commas, quotes, line breaks
 * and formula starts; refunds, disputes, declined cards) written at a fixed moment on the shop's clock, exported
 * both ways; the files' first lines are spelled out and the whole files are pinned by their SHA-256. The same bytes
 * whether the export is written on the main thread or in two parts on worker threads (as large ones are).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrdersFileExport } from '#shared/contract';
import { exportToFolder } from '../support/export-shell';
import { writeMixedOrders } from '../support/mixed-orders';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

// Dates are written on the shop PC's clock: the pin holds for one time zone (a forked test process of its own).
process.env.TZ = 'America/Vancouver';

const ORDERS = 600;
const WRITTEN_AT = new Date('2026-11-30T19:45:00Z');

describe.each([
  ['on the main thread', undefined],
  ['in parts on worker threads', 1],
])('the exports’ bytes, written %s', (_where, exportsInPartsFrom) => {
  const folder = tempDir('till-export-bytes-');
  let core: TestTill;
  const files: Partial<Record<'orders' | 'lines', Buffer>> = {};

  beforeAll(async () => {
    core = await startTill({ shell: exportToFolder(folder.path), exportsInPartsFrom });
    vi.useFakeTimers({ toFake: ['Date'], now: WRITTEN_AT });
    try {
      writeMixedOrders(core.till.db, ORDERS);
    } finally {
      vi.useRealTimers();
    }
    for (const [kind, channel] of [
      ['orders', 'orders.exportCsv'],
      ['lines', 'orders.exportLines'],
    ] as const) {
      const result = await core.call<OrdersFileExport>(channel, {});
      if (!result.ok) throw new Error(result.error.message);
      files[kind] = readFileSync(result.value.path!);
    }
  });

  afterAll(async () => {
    await core.stop();
    folder.cleanup();
  });

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const firstLines = (bytes: Buffer, count: number) => bytes.toString('utf8').split('\r\n').slice(0, count);

  it('writes the orders file as it always has', () => {
    const bytes = files.orders!;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(firstLines(bytes, 4)).toEqual(PINNED.orders.firstLines);
    expect({ size: bytes.length, sha256: sha256(bytes) }).toEqual(PINNED.orders.file);
  });

  it('writes the lines file as it always has', () => {
    const bytes = files.lines!;
    expect(firstLines(bytes, 4)).toEqual(PINNED.lines.firstLines);
    expect({ size: bytes.length, sha256: sha256(bytes) }).toEqual(PINNED.lines.file);
  });
});

const PINNED = {
  orders: {
    firstLines: [
      '\ufeffOrder,Date,Status,Customer,Phone,Email,Card last 4,Currency,Subtotal,GST,PST,Tax,Total,Refunded,Dispute,Stripe PaymentIntent,Review',
      '1600,2026-11-29 22:09,Paid,"Dune, Cara ""CD"" 599",250 555 0101,c599@example.com,1599,CAD,137.82,5.99,0.00,5.99,143.81,0.00,,pi_mixed599,',
      '1599,2026-11-29 07:33,Declined,"\'=HYPERLINK(""http://evil"") 598",\'+1 250 555 0598,c598@example.com,1598,CAD,20.02,1.00,1.40,2.40,22.42,0.00,,pi_mixed598,',
      '1598,2026-11-28 16:57,Partly refunded,Ada Lovelace 597,250 555 0101,c597@example.com,1597,CAD,26.01,1.00,1.40,2.40,28.41,9.47,,pi_mixed597,',
    ],
    file: {
      size: 82263,
      sha256: '18402b59ca5b1f5d5542137347d37cdac9836dc7fb5f88efcbbd3f38537f2efc',
    },
  },
  lines: {
    firstLines: [
      '\ufeffOrder,Date,Status,SKU,Description,Quantity,Unit price,Tax class,Subtotal,GST,PST,Tax,Line total,Currency',
      '1600,2026-11-29 22:09,Paid,BK-03,First aid manual,3,39.95,gst_only,119.85,5.99,0.00,5.99,125.84,CAD',
      '1600,2026-11-29 22:09,Paid,FD-04,"Water, 24 bottles",3,5.99,zero_rated,17.97,0.00,0.00,0.00,17.97,CAD',
      "1599,2026-11-29 07:33,Declined,'-SALE,'+Clearance: hard hat,2,10.01,standard,20.02,1.00,1.40,2.40,22.42,CAD",
    ],
    file: {
      size: 161557,
      sha256: 'd8b569194bc41989e57db181bc2e661b6529583653fb2f1fa3d66f5c9a1e9c33',
    },
  },
};
