/**
 * The order history's exports as an accountant takes them: 10,000 orders of mixed taxes, refunds and disputes,
 * written to files as the desktop app saves them and read back with csv-parse, add up to what the order log and the
 * history say; each tax has its column; a canceled export leaves no file.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unescapeFormula } from '#core/spreadsheet-text';
import type { ExportProgress, HistorySummary, OrdersFileExport, OrderStatus } from '#shared/contract';
import { ORDER_STATUS_WORDS } from '#shared/order-status-words';
import { createPreviewDownloads } from '../../src/web/preview-downloads';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { exportToFolder } from '../support/export-shell';
import { writeMixedOrders } from '../support/mixed-orders';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

const ORDERS = 10_000;
type Record = { [column: string]: string };

/** "1234.56" → 123456: the files' amounts back in cents, without floating point. */
const cents = (decimal: string) => {
  const [whole, fraction = ''] = decimal.split('.');
  const sign = whole!.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(fraction.padEnd(2, '0')));
};
const sum = (records: Record[], column: string) => records.reduce((total, r) => total + cents(r[column]!), 0);
const read = (path: string) => parse(readFileSync(path), { bom: true, columns: true }) as Record[];

// Large exports are written in two parts on worker threads, small ones on the main thread: both ways are checked.
describe.each([
  ['on the main thread', undefined],
  ['in parts on worker threads', 1],
])('the orders and lines exports of 10,000 orders, written %s', (_where, exportsInPartsFrom) => {
  const folder = tempDir('till-exports-');
  let core: TestTill;
  let orders: Record[];
  let lines: Record[];
  let facts: {
    number: number;
    status: OrderStatus;
    customer_name: string;
    subtotal: number;
    tax_total: number;
    taxes: string;
    total: number;
    amount_refunded: number;
  }[];
  const progress: ExportProgress[] = [];

  const exportFile = async (channel: 'orders.exportCsv' | 'orders.exportLines', input: object = {}) => {
    const result = await core.call<OrdersFileExport>(channel, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  beforeAll(async () => {
    core = await startTill({ shell: exportToFolder(folder.path), exportsInPartsFrom });
    writeMixedOrders(core.till.db, ORDERS);
    core.till.push.subscribe((topic, payload) => {
      if (topic === 'orders.exportProgress') progress.push(payload as ExportProgress);
    });
    facts = core.till.db
      .prepare('SELECT number, status, customer_name, subtotal, tax_total, taxes, total, amount_refunded FROM orders')
      .all() as typeof facts;
    const exportId = randomUUID();
    const ordersFile = await exportFile('orders.exportCsv', { exportId });
    expect(ordersFile).toMatchObject({ rows: ORDERS, canceled: false, download: null });
    expect(progress.filter((p) => p.exportId === exportId).at(-1)).toEqual({
      exportId,
      written: ORDERS,
      total: ORDERS,
    });
    orders = read(ordersFile.path!);
    const linesId = randomUUID();
    const linesFile = await exportFile('orders.exportLines', { exportId: linesId });
    // The bar's end is the lines the file holds, counted before the first was written.
    const lineCount = core.till.db.prepare('SELECT count(*) FROM order_lines').pluck().get() as number;
    expect(linesFile).toMatchObject({ rows: lineCount, canceled: false });
    expect(progress.filter((p) => p.exportId === linesId).at(-1)).toEqual({
      exportId: linesId,
      written: lineCount,
      total: lineCount,
    });
    lines = read(linesFile.path!);
  }, 120_000);

  afterAll(async () => {
    await core.stop();
    folder.cleanup();
  });

  const taxOf = (json: string, name: string) =>
    (JSON.parse(json) as { name: string; amount: number }[])
      .filter((tax) => tax.name === name)
      .reduce((total, tax) => total + tax.amount, 0);

  it('has one row per order, each tax in its own column, adding up to the order log', () => {
    expect(orders).toHaveLength(ORDERS);
    expect(Object.keys(orders[0]!)).toEqual([
      'Order',
      'Date',
      'Status',
      'Customer',
      'Phone',
      'Email',
      'Card last 4',
      'Currency',
      'Subtotal',
      'GST',
      'PST',
      'Tax',
      'Total',
      'Refunded',
      'Dispute',
      'Stripe PaymentIntent',
      'Review',
    ]);
    const total = (pick: (order: (typeof facts)[number]) => number) => facts.reduce((t, o) => t + pick(o), 0);
    expect(sum(orders, 'Subtotal')).toBe(total((o) => o.subtotal));
    expect(sum(orders, 'Tax')).toBe(total((o) => o.tax_total));
    expect(sum(orders, 'Total')).toBe(total((o) => o.total));
    expect(sum(orders, 'Refunded')).toBe(total((o) => o.amount_refunded));
    expect(sum(orders, 'GST')).toBe(total((o) => taxOf(o.taxes, 'GST')));
    expect(sum(orders, 'PST')).toBe(total((o) => taxOf(o.taxes, 'PST')));
    expect(sum(orders, 'GST') + sum(orders, 'PST')).toBe(sum(orders, 'Tax'));
    for (const order of orders) expect(cents(order.GST!) + cents(order.PST!)).toBe(cents(order.Tax!));
  });

  it('adds up to the history’s own totals, with statuses in the history’s words', async () => {
    const summary = await core.call<HistorySummary>('orders.totals', {});
    if (!summary.ok) throw new Error(summary.error.message);
    const [totals] = summary.value.totals;
    const charged = new Set(
      ['paid', 'partially_refunded', 'refunded', 'disputed'].map((s) => ORDER_STATUS_WORDS[s as OrderStatus]),
    );
    const chargedRows = orders.filter((order) => charged.has(order.Status!));
    expect(chargedRows).toHaveLength(totals!.charged);
    expect(sum(chargedRows, 'Total')).toBe(totals!.gross);
    expect(sum(chargedRows, 'Refunded')).toBe(totals!.refunded);
    const byStatus = (words: string[]) =>
      Object.fromEntries([...new Set(words)].map((w) => [w, words.filter((x) => x === w).length]));
    expect(byStatus(orders.map((order) => order.Status!))).toEqual(
      byStatus(facts.map((order) => ORDER_STATUS_WORDS[order.status])),
    );
    expect(new Set(orders.map((order) => order.Status))).toEqual(
      new Set(['Open', 'Declined', 'Paid', 'Partly refunded', 'Refunded', 'Disputed']),
    );
    // Disputes too are in words, not Stripe's codes.
    expect(new Set(orders.map((order) => order.Dispute).filter(Boolean))).toEqual(new Set(['Won', 'Lost']));
  });

  it('has one row per line, whose taxes add up to each line’s tax and to each order’s taxes', () => {
    const lineCount = core.till.db.prepare('SELECT count(*) FROM order_lines').pluck().get();
    expect(lines).toHaveLength(lineCount as number);
    expect(Object.keys(lines[0]!)).toEqual([
      'Order',
      'Date',
      'Status',
      'SKU',
      'Description',
      'Quantity',
      'Unit price',
      'Tax class',
      'Subtotal',
      'GST',
      'PST',
      'Tax',
      'Line total',
      'Currency',
    ]);
    // Each line carries its order's status, so that the lines of orders never paid can be left out of a sum.
    const statusOf = new Map(facts.map((order) => [String(order.number), ORDER_STATUS_WORDS[order.status]]));
    for (const line of lines) {
      expect(line.Status).toBe(statusOf.get(line.Order!));
      expect(cents(line.GST!) + cents(line.PST!)).toBe(cents(line.Tax!));
      expect(cents(line['Unit price']!) * Number(line.Quantity)).toBe(cents(line.Subtotal!));
      expect(cents(line.Subtotal!) + cents(line.Tax!)).toBe(cents(line['Line total']!));
    }
    const byOrder = new Map<string, Record[]>();
    for (const line of lines) byOrder.set(line.Order!, [...(byOrder.get(line.Order!) ?? []), line]);
    expect(byOrder.size).toBe(ORDERS);
    for (const order of facts) {
      const its = byOrder.get(String(order.number))!;
      expect(sum(its, 'Subtotal')).toBe(order.subtotal);
      expect(sum(its, 'Tax')).toBe(order.tax_total);
      expect(sum(its, 'GST')).toBe(taxOf(order.taxes, 'GST'));
      expect(sum(its, 'PST')).toBe(taxOf(order.taxes, 'PST'));
      // A zero-rated line carries no tax, and a "GST only" line no PST.
      for (const line of its) {
        if (line['Tax class'] === 'zero_rated') expect(cents(line.Tax!)).toBe(0);
        if (line['Tax class'] === 'gst_only') expect(cents(line.PST!)).toBe(0);
      }
    }
    expect(sum(lines, 'Line total')).toBe(facts.reduce((t, o) => t + o.total, 0));
  });

  it('defuses formulas in what people typed, and the cell reads back as typed', () => {
    const names = new Map(facts.map((order) => [String(order.number), order.customer_name]));
    const defused = orders.filter((order) => order.Customer!.startsWith("'="));
    expect(defused.length).toBeGreaterThan(ORDERS / 10);
    for (const order of orders) expect(unescapeFormula(order.Customer!)).toBe(names.get(order.Order!));
    expect(orders.some((order) => order.Phone!.startsWith("'+1 250"))).toBe(true);
    expect(new Set(lines.map((line) => line.SKU).filter((sku) => sku!.startsWith("'")))).toEqual(new Set(["'-SALE"]));
    expect(lines.some((line) => line.Description === "'+Clearance: hard hat")).toBe(true);
    // Commas, quotes and line breaks stayed inside their cells.
    expect(orders.some((order) => order.Customer!.startsWith('Dune, Cara "CD"'))).toBe(true);
    expect(orders.some((order) => order.Customer!.startsWith('Finn\nMertens'))).toBe(true);
  });

  it('exports only what the filter matches', async () => {
    const paid = await exportFile('orders.exportCsv', { status: 'refunded' });
    const refunded = read(paid.path!);
    expect(refunded.length).toBe(facts.filter((order) => order.status === 'refunded').length);
    expect(paid.rows).toBe(refunded.length);
    expect(new Set(refunded.map((order) => order.Status))).toEqual(new Set(['Refunded']));

    const exportId = randomUUID();
    const refundedLines = await exportFile('orders.exportLines', { status: 'refunded', exportId });
    const expected = core.till.db
      .prepare("SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'refunded'")
      .pluck()
      .get() as number;
    expect(read(refundedLines.path!)).toHaveLength(expected);
    expect(progress.filter((p) => p.exportId === exportId).at(-1)).toMatchObject({
      written: expected,
      total: expected,
    });
  });

  it('stops a canceled export and leaves no file; only the session that started it may cancel it', async () => {
    // The files of the tests above were read already: the folder starts empty, as the canceled file must leave it.
    for (const name of readdirSync(folder.path)) rmSync(join(folder.path, name));
    const audited = () =>
      core.till.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'orders.linesExported'").pluck().get();
    const auditedBefore = audited();
    const exportId = randomUUID();
    const other = await core.signIn('owner', TEST_OWNER_PIN, 'history');
    let answers: unknown[] = [];
    // Once main has written some of it, another session tries to stop it, then the page that started it does.
    const unsubscribe = core.till.push.subscribe((topic, payload) => {
      const seen = payload as ExportProgress;
      if (topic !== 'orders.exportProgress' || seen.exportId !== exportId || seen.written === 0) return;
      unsubscribe();
      setImmediate(async () => {
        answers = [
          await core.callAs(other, 'orders.cancelExport', { exportId }),
          await core.call('orders.cancelExport', { exportId }),
        ];
      });
    });
    // In the folder the export writes to, the file does exist while it runs; it is gone once canceled.
    const result = await exportFile('orders.exportLines', { exportId });
    expect(answers).toEqual([
      { ok: true, value: { canceled: false } },
      { ok: true, value: { canceled: true } },
    ]);
    expect(result).toMatchObject({ canceled: true, path: null, download: null });
    expect(readdirSync(folder.path)).toEqual([]);
    // Nor is a part of it left beside the order log.
    expect(readdirSync(core.dataDir).filter((name) => name.includes('.export-'))).toEqual([]);
    expect(audited()).toBe(auditedBefore);
    // Nothing is left running: the same id may be used again, to the end.
    expect(await core.call('orders.cancelExport', { exportId })).toEqual({ ok: true, value: { canceled: false } });
    expect((await exportFile('orders.exportLines', { exportId })).canceled).toBe(false);
  });
});

describe('the browser preview’s downloads', () => {
  it('hands a download once, only to the session it was offered to', () => {
    const downloads = createPreviewDownloads();
    const write = async () => 0;
    const address = downloads.offer('session-a', { fileName: 'Till-orders.csv', write });
    const token = address.split('/').at(-1)!;
    expect(address).toMatch(/^\/api\/download\/[\w-]{43}$/);
    expect(downloads.take(token, 'session-b')).toBeNull();
    expect(downloads.take(token, 'session-a')).toMatchObject({ fileName: 'Till-orders.csv' });
    expect(downloads.take(token, 'session-a')).toBeNull();
  });

  it('forgets a download nobody fetched', async () => {
    const downloads = createPreviewDownloads(20);
    const token = downloads
      .offer('session-a', { fileName: 'x.csv', write: async () => 0 })
      .split('/')
      .at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(downloads.take(token, 'session-a')).toBeNull();
  });
});
