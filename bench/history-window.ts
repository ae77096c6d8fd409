/**
 * `npx tsx bench/history-window.ts`: how long the owner waits, in the browser preview, between opening the Order
 * history and seeing its first orders, on a log of BENCH_ORDERS orders (bench/support/history-log.ts; BENCH_LOG=<file>
 * reuses one written before, as bench/history.ts does). Target (issue 17): ≤ 600 ms at 1,000,000 orders.
 *
 * The preview server runs here on a fresh copy of the log, as `npm run start:web` runs it (the built renderer: run
 * `npm run build` first); Debian's Chromium (as playwright.config.ts finds it) signs in once, then opens the
 * history page RUNS times from a blank page, each a full load of the renderer as the desktop app's window does.
 * Timed: from the navigation's start to the first order row visible, read from the page's own clock
 * (performance.now() counts from navigationStart), so Playwright's round trips do not count. Printed: each run and
 * the median.
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dispatch } from '#core/ipc/dispatch';
import { systemChromium } from '../packages/stripe-simulator/playwright.config';
import { startPreviewServer } from '../src/web/preview-server';
import { signIn } from '../test/e2e/sign-in';
import { tempDir } from '../test/support/temp-dir';
import { BENCH_SESSION, benchTill } from './support/bench-till';
import { historyLog, ORDERS } from './support/history-log';

const RUNS = 3;
const TARGET_MS = 600;
/** Run in the page: the page's clock at the first animation frame with an order row laid out in the table. */
const FIRST_ROW_SHOWN = `new Promise((done) => {
  const look = () => {
    const row = [...document.querySelectorAll('table[aria-label="Orders"] tbody tr:not([aria-hidden])')]
      .find((tr) => tr.getBoundingClientRect().height > 0);
    if (row) done(performance.now());
    else requestAnimationFrame(look);
  };
  look();
})`;
const rendererDir = resolve('out/renderer');
const bridgeFile = resolve('out/web/bridge.js');

async function main() {
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(bridgeFile)) {
    throw new Error('The renderer is not built: run `npm run build` first.');
  }
  const dir = tempDir('till-bench-history-window-');
  const source = join(dir.path, 'data');
  await historyLog(source);
  const till = benchTill(source);
  // The first call migrates a log kept from an older schema: done before any timing.
  await dispatch(till.handlers, 'orders.list', {}, undefined, BENCH_SESSION);
  const server = await startPreviewServer({ till, rendererDir, bridgeFile, payments: { kind: 'none' } });
  const browser = await chromium.launch(systemChromium.launchOptions);
  const times: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(server.url);
    await signIn(page);
    const firstRow = page.getByRole('table', { name: 'Orders' }).getByRole('button', { name: `#${1000 + ORDERS}` });
    for (let run = 0; run < RUNS; run++) {
      await page.goto('about:blank');
      await page.goto(`${server.origin}/#/history`);
      const shownAt = await page.evaluate<number>(FIRST_ROW_SHOWN);
      await firstRow.waitFor();
      times.push(shownAt);
      console.log(`run ${run + 1}: first order rows after ${shownAt.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await server.close();
    await till.close();
    dir.cleanup();
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  console.log(
    `\nThe history window's first rows in the browser preview, ${ORDERS.toLocaleString('en')} orders: ` +
      `median of ${RUNS} ${median.toFixed(0)} ms (target ≤ ${TARGET_MS} ms)`,
  );
}

await main();
