import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { ExportProgress } from '#shared/contract';
import { writeMixedOrders } from '../support/mixed-orders';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

/** Enough for the export to take a moment on this machine; writing them takes most of the test's time. */
const ORDERS = 30_000;
test.describe.configure({ timeout: 180_000 });

interface PageGlobals {
  till: { on(topic: 'orders.exportProgress', listener: (payload: ExportProgress) => void): () => void };
  seenProgress: ExportProgress[];
}

test('an export of a long history shows its progress bar, then downloads every order', async ({ page, preview }) => {
  writeMixedOrders(preview.till.db, ORDERS);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  // Every push the page gets about the export, to see the bar was fed as the file was written, not only at the end.
  await page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals;
    globals.seenProgress = [];
    globals.till.on('orders.exportProgress', (progress) => globals.seenProgress.push(progress));
  });
  // The browser receives the file as main writes it; here it is held back at the end, to look at the bar.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/download/**', async (route) => {
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const bar = page.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect(page.getByText(`of ${ORDERS.toLocaleString('en-US')}`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('export-progress-1366x768.png') });
  // The bar reaches the end while the browser still holds the file back (a large export is written by two worker
  // threads, which take a moment to start from source).
  const seenProgress = () => page.evaluate(() => (globalThis as unknown as PageGlobals).seenProgress);
  await expect.poll(async () => (await seenProgress()).at(-1)).toMatchObject({ written: ORDERS, total: ORDERS });
  const seen = await seenProgress();
  expect(seen.some((progress) => progress.written > 0 && progress.written < ORDERS)).toBe(true);
  release();

  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Till-orders-\d{4}-\d\d-\d\d\.csv$/);
  const records = parse(await readFile(await download.path()), { bom: true, columns: true }) as Record<
    string,
    string
  >[];
  expect(records).toHaveLength(ORDERS);
  expect(Object.keys(records[0]!)).toEqual(expect.arrayContaining(['GST', 'PST', 'Tax', 'Status']));
  await expect(bar).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: `Exported ${ORDERS.toLocaleString('en-US')} orders to Till-orders-` }),
  ).toBeVisible();
});

test('Cancel stops an export of the lines: no file is downloaded, and none is recorded', async ({ page, preview }) => {
  writeMixedOrders(preview.till.db, 200);
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  // The download is held on its way, so that Cancel comes while the export is under way whatever the machine's
  // speed. (Main stopping a write it had begun, and removing the file, is test/integration/orders-export.test.ts.)
  let held: (() => Promise<void>) | null = null;
  await page.route('**/api/download/**', (route) => {
    held = () => route.abort().catch(() => {});
  });

  await page.getByRole('button', { name: 'Export lines (CSV)' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByText('Exporting lines…')).toBeVisible();
  await expect.poll(() => held !== null).toBe(true);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Export' })).toHaveText(
    'Export canceled: no file was saved.',
  );
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export lines (CSV)' })).toBeEnabled();
  await held!();
  expect(downloads).toBe(0);
  const audited = preview.till.db
    .prepare("SELECT count(*) FROM audit_log WHERE action = 'orders.linesExported'")
    .pluck()
    .get();
  expect(audited).toBe(0);
});
