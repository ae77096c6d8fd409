/**
 * `npx tsx bench/checkout.ts` (or `npm run bench`): what Till adds on top of Stripe when a clerk presses Pay.
 *
 *  1. Till's round trip — checkout.pay through the contract: validate, price the cart from SQLite, write the order
 *     and the pending attempt, create+confirm the PaymentIntent, write the result — against the in-process
 *     simulator; against the same simulator in the same run, a bare stripe-node create+confirm; and one FULL
 *     commit (WAL, synchronous = FULL, one small row) on the same disk. Till must write the order and its pending
 *     attempt to the disk before Stripe is called, so one such flush is the floor of what it adds: what it adds
 *     (Till minus bare) is printed in FULL commits (target: at most 1.3).
 *  2. How long the Checkout page takes to show the catalog after navigation in the browser preview (target < 1 s),
 *     and the JavaScript it loads on the way, gzipped (target ≤ 85 kB).
 *
 * Confirmation tokens (made by Stripe.js in real use) are created before timing starts, for both runs alike. The
 * simulator keeps its state in memory here: it stands in for Stripe, whose storage is not on the shop PC's disk, and
 * its periodic multi-megabyte state file would otherwise compete with the order log's disk flushes.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import Stripe from 'stripe';
import { dispatch } from '#core/ipc/dispatch';
import { startTraining } from '#core/training';
import { startPreviewServer } from '../src/web/preview-server';
import { tempDir } from '../test/support/temp-dir';
import { BENCH_SESSION, newBenchTill } from './support/bench-till';
import { createConfirmationToken } from '../test/support/confirmation-token';
import { TEST_OWNER_PIN } from '../test/support/demo-shop';
import { ownGzipKb, recordCheckoutFirstLoad } from '../test/support/page-scripts';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 300);
// tsx turns on source maps, which makes every `new Error()` costly; Till's bundled main process has none.
process.setSourceMapsEnabled(false);
const PAGE_LOADS = 7;

async function confirmationTokens(baseUrl: string, publishableKey: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(await createConfirmationToken(baseUrl, publishableKey, '4242424242424242'));
  }
  return tokens;
}

/** Runs the operations in turn, round after round, so that load on the machine falls on all of them alike. */
async function timeInterleaved(runs: number, ops: { label: string; run: () => unknown }[]): Promise<Row[]> {
  const ms = ops.map(() => 0);
  for (let i = 0; i < runs; i++) {
    for (const [index, op] of ops.entries()) {
      const started = performance.now();
      await op.run();
      ms[index]! += performance.now() - started;
    }
  }
  return ops.map((op, index) => ({
    label: op.label,
    msPerOp: ms[index]! / runs,
    perSecond: (runs * 1000) / ms[index]!,
  }));
}

/**
 * The flush floor: one durable commit of one small row, on a log of its own beside Till's (same disk, same
 * settings as the order log: WAL and synchronous = FULL), so it measures the disk and SQLite, nothing of Till's.
 */
function fullCommit(dir: string) {
  const db = new Database(join(dir, 'flush-floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
  return { commit: () => insert.run(randomUUID()), close: () => db.close() };
}

type Row = { label: string; msPerOp: number; perSecond: number };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const dir = tempDir('till-bench-');
  const training = await startTraining(dir.path, { persist: false });
  const till = await newBenchTill(dir.path, training.connection);
  const { url, keys, port } = training.simulator;
  const stripe = new Stripe(keys.secret, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  const productId = till.db.prepare("SELECT id FROM products WHERE sku = 'BT-510'").pluck().get() as string;
  const cart = { lines: [{ kind: 'product', productId, quantity: 1 }] };
  const customer = { name: 'Bench Caller', phone: '250 555 0101', email: '' };

  const warmup = 30;
  const tokens = await confirmationTokens(url, keys.publishable, 2 * (PAYMENTS + warmup));
  let next = 0;
  const bareOnce = async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 19949,
      currency: 'cad',
      confirm: true,
      allowed_payment_method_types: ['card'],
      confirmation_token: tokens[next++]!,
      // The same request Till sends, so that the ratio is Till's own work and nothing else.
      description: 'Till order #1001',
      metadata: { till_order_id: randomUUID(), till_order_number: '1001' },
      expand: ['payment_method'],
    });
    if (intent.status !== 'succeeded') throw new Error(`bare payment ended ${intent.status}`);
  };
  const tillOnce = async () => {
    const result = await dispatch(
      till.handlers,
      'checkout.pay',
      {
        checkoutId: randomUUID(),
        cart,
        customer,
        note: '',
        confirmationTokenId: tokens[next++]!,
      },
      undefined,
      BENCH_SESSION,
    );
    if (!result.ok || (result.value as { status: string }).status !== 'paid') {
      throw new Error(`Till payment failed: ${JSON.stringify(result)}`);
    }
  };
  const floor = fullCommit(dir.path);
  const ops = [
    { label: 'bare stripe-node create+confirm', run: bareOnce },
    { label: 'Till checkout.pay (order + attempt + Stripe + result)', run: tillOnce },
    { label: 'one FULL commit (WAL, one small row, same disk)', run: floor.commit },
  ];
  await timeInterleaved(warmup, ops);
  const restartsBefore = till.walRestarts();
  const [bare, timedApp, flush] = (await timeInterleaved(PAYMENTS, ops)) as [Row, Row, Row];
  floor.close();
  // Till starts the WAL over at quiet moments (db/wal-restart.ts), between the operations timed above, where that
  // write's flush may fall on any of them: its time is counted as Till's, whichever it fell on.
  const restarts = till.walRestarts();
  const restartMs = restarts.ms - restartsBefore.ms;
  const appMs = timedApp.msPerOp + restartMs / PAYMENTS;
  const app = { ...timedApp, msPerOp: appMs, perSecond: 1000 / appMs };

  console.log(`\nPayments against the in-process Stripe simulator (${PAYMENTS} each, sequential, interleaved)\n`);
  console.table(
    [bare, app, flush].map((r) => ({ run: r.label, 'ms/op': r.msPerOp.toFixed(3), 'per s': r.perSecond.toFixed(0) })),
  );
  console.log(
    `WAL restarts at quiet moments: ${restarts.count - restartsBefore.count}, ${restartMs.toFixed(1)} ms in all ` +
      '(counted in Till’s time above)',
  );
  const added = app.msPerOp - bare.msPerOp;
  console.log(`ratio Till / bare: ${(app.msPerOp / bare.msPerOp).toFixed(2)}`);
  console.log(
    `Till's added time per payment: ${added.toFixed(3)} ms = ${(added / flush.msPerOp).toFixed(2)} FULL commits ` +
      '(target ≤ 1.3; the order and its pending attempt must reach the disk before Stripe is called: 1 is the floor)',
  );

  const rendererDir = resolve('out/renderer');
  const bridgeFile = resolve('out/web/bridge.js');
  const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(resolve(rendererDir, 'index.html')) || !existsSync(chromiumPath)) {
    console.log('\nPage timing skipped: run `npm run build` and install Chromium first.');
  } else {
    const server = await startPreviewServer({
      till,
      rendererDir,
      bridgeFile,
      payments: { kind: 'simulator', origin: url },
    });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const context = await browser.newContext();
    const first = await context.newPage();
    const recorder = await recordCheckoutFirstLoad(first);
    await first.goto(server.url); // exchanges the launch token for the session cookie
    // Signs in on the lock screen as the owner, as a person at the counter does (test/e2e/sign-in.ts).
    const lock = first.getByRole('dialog', { name: 'Who is at the till?' });
    await lock.getByRole('button', { name: 'Owner', exact: true }).click();
    await lock.getByLabel('PIN').fill(TEST_OWNER_PIN);
    await lock.getByLabel('PIN').press('Enter');
    await first.getByRole('option').first().waitFor();
    const scripts = (await recorder.scripts()).filter((script) => script.url.startsWith(server.origin));
    const loads: number[] = [];
    for (let i = 0; i < PAGE_LOADS; i++) {
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${server.origin}/#/checkout`);
      await page.getByRole('option').first().waitFor();
      loads.push(performance.now() - started);
      await page.close();
    }
    await browser.close();
    await server.close();
    console.log(
      `\nCheckout page: navigation to catalog shown, median of ${PAGE_LOADS}: ${median(loads).toFixed(0)} ms ` +
        `(min ${Math.min(...loads).toFixed(0)}, max ${Math.max(...loads).toFixed(0)}; target < 1000 ms)`,
    );
    console.log(
      `Checkout page JavaScript: ${ownGzipKb(scripts, server.origin).toFixed(1)} kB gzip (target ≤ 85) in ` +
        scripts.map((script) => `${script.url.split('/').pop()} ${(script.gzipBytes / 1000).toFixed(1)}`).join(', '),
    );
  }

  await till.close();
  await training.close();
  dir.cleanup();
}

await main();
