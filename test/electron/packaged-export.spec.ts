/**
 * The export's worker threads start from inside app.asar. A large export is written by two worker threads
 * (export-in-parts.ts) whose script, out/main/export-worker.js, ships inside the archive; from source and in the
 * built folder it runs everywhere, but only a packed app shows that Electron loads it, and better-sqlite3 from
 * app.asar.unpacked, on a worker thread. Should it not, the owner still gets the file, written on the main thread:
 * this test tells the two apart by the log's line for the export.
 *
 * The release workflow runs it after electron-builder (TILL_PACKAGED_RELEASE=release). It runs the packed app.asar
 * with the Electron binary, not the app's own executable: the app's fuses turn off the inspector Playwright drives
 * Electron through. TILL_EXPORT_PARTS_FROM=1 sends a one-order export to the worker threads.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinaryPath } from '../../scripts/electron-binary.mjs';
import { packedApps } from '../../scripts/packaging/packed-apps.mjs';
import { payButton, takeOrderDetails, typeCard } from '../e2e/checkout-helpers';
import { setUpDemoShopOnScreen } from './set-up';

const binary = electronBinaryPath();
const releaseDir = process.env.TILL_PACKAGED_RELEASE;
const target = `${process.platform}-${process.arch}`;
const packed = releaseDir ? packedApps(releaseDir).find((app) => app.target === target) : undefined;

if (releaseDir && !binary) throw new Error('TILL_PACKAGED_RELEASE is set, but no Electron binary is installed.');
if (releaseDir && !packed) throw new Error(`TILL_PACKAGED_RELEASE is set, but ${releaseDir} has no app for ${target}.`);
const SKIP_REASON =
  'No packed app to run (TILL_PACKAGED_RELEASE is not set): the release workflow runs this test after ' +
  'electron-builder has built the installers.';
if (!packed) console.log(`Skipping the packaged export test: ${SKIP_REASON}`);
test.skip(!packed, SKIP_REASON);

/** The order log's log file, as JSON lines (logs/till.log in the data folder). */
function logLines(dataDir: string): Record<string, unknown>[] {
  const file = join(dataDir, 'logs', 'till.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('the packed app writes an export on worker threads started from inside app.asar', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-packaged-'));
  const csvFile = join(dataDir, 'exported-orders.csv');
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(packed!.resourcesDir, 'app.asar')],
    env: { ...process.env, TILL_DATA_DIR: dataDir, TILL_EXPORT_PARTS_FROM: '1' },
  });
  try {
    const checkout = await app.firstWindow();
    await setUpDemoShopOnScreen(checkout);
    // One paid order, taken as a clerk takes it (training mode: the built-in Stripe simulator).
    await takeOrderDetails(checkout);
    await typeCard(checkout, '4242424242424242');
    await payButton(checkout).click();
    await expect(checkout.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();

    // The save dialog, answered in main as the owner would answer it.
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as unknown as typeof dialog.showSaveDialog;
    }, csvFile);
    const historyOpened = app.waitForEvent('window');
    await checkout.getByRole('button', { name: 'Order history' }).click();
    const history = await historyOpened;
    await history.getByRole('button', { name: 'Export CSV' }).click();
    await expect(history.getByRole('status').filter({ hasText: 'Saved 1 order to' })).toBeVisible();

    const records = parse(readFileSync(csvFile), { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toEqual([expect.objectContaining({ Customer: 'Jane Caller', Status: 'Paid' })]);
    // Written by the worker threads, not by the main thread after they failed to start.
    await expect
      .poll(() => logLines(dataDir).filter((line) => line.msg === 'export written'))
      .toEqual([expect.objectContaining({ kind: 'orders', rows: 1, threads: 'workers' })]);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
