/**
 * `npx tsx bench/history.ts` (also part of `npm run bench`): how long the owner waits for the Order history on a
 * log of several years — every call the history window makes, answered through the contract: the first page of
 * each filter, the next page (keyset), each kind of search, and the totals with the daily chart.
 *
 * The log: BENCH_ORDERS orders (default 100,000: about 90 a day for three years; BENCH_ORDERS=1000000 for a decade
 * of a busy counter), written as checkout leaves them (order, line, attempt with its card), most paid, some
 * declined, some refunded, a few disputes lost, taken by three staff members. It is written once, in one
 * transaction through prepared statements; then each of three fresh copies of the file is opened by a new Till and
 * every call is timed RUNS times on it. Printed: the p95 of each copy's calls, the median over the copies.
 * Targets (issue 17, at 1M on a 2-core machine): a first page ≤ 20 ms, a search ≤ 30 ms, a month's totals and
 * chart ≤ 20 ms.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '#core/create-till';
import { dispatch } from '#core/ipc/dispatch';
import type { Channel } from '#shared/channels';
import type { OrdersPage } from '#shared/contract';
import { localDay } from '#shared/local-day';
import { TEST_OWNER_PIN } from '../test/support/demo-shop';
import { tempDir } from '../test/support/temp-dir';
import { BENCH_SESSION, benchTill } from './support/bench-till';
import { DAY, historyLog, ORDERS, YEARS } from './support/history-log';

const RUNS = 20;
const COPIES = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

type Case = [label: string, channel: Channel, input: object];

async function main() {
  const dir = tempDir('till-bench-history-');
  const source = join(dir.path, 'source');
  let started = performance.now();
  const now = await historyLog(source);
  const fillSeconds = (performance.now() - started) / 1000;
  const day = (ms: number) => localDay(ms);
  const middle = { createdAt: now - Math.floor(0.5 * YEARS * 365 * DAY), number: 1001 + Math.floor(ORDERS / 2) };

  const month = { from: day(now - 60 * DAY), to: day(now - 31 * DAY) };
  const cases: Case[] = [
    ['first page, no filter', 'orders.list', {}],
    ['first page, one month', 'orders.list', month],
    ['first page, status: refunded in part', 'orders.list', { status: 'partially_refunded' }],
    ['first page, status: disputed', 'orders.list', { status: 'disputed' }],
    ['first page, status: needs review', 'orders.list', { status: 'needs_review' }],
    ['first page, staff member', 'orders.list', { staffId: 'bench-clerk-1' }],
    ['first page, amount $100 to $101', 'orders.list', { minTotal: 10_000, maxTotal: 10_100 }],
    ['first page, amount over $400', 'orders.list', { minTotal: 40_000 }],
    ['next page, no filter', 'orders.list', { cursor: 'after first page' }],
    ['page in the middle of the log', 'orders.list', { cursor: middle }],
    ['search: order number', 'orders.list', { search: `#${1001 + Math.floor(ORDERS / 2)}` }],
    ['search: part of a name', 'orders.list', { search: 'Moneypenny 4' }],
    ['search: a common name', 'orders.list', { search: 'Lovelace' }],
    ['search: phone', 'orders.list', { search: '555-0123' }],
    ['search: card last 4', 'orders.list', { search: '4242' }],
    ['search: PaymentIntent id', 'orders.list', { search: `pi_bench${ORDERS - 10}` }],
    ['search: e-mail', 'orders.list', { search: `c${ORDERS - 77}@example` }],
    ['search: part of a note', 'orders.list', { search: 'back door' }],
    ['search: two letters', 'orders.list', { search: 'Ev' }],
    ['totals + chart, one month', 'orders.totals', month],
    ['totals + chart, no filter', 'orders.totals', {}],
    ['totals + chart, a year', 'orders.totals', { from: day(now - 365 * DAY), to: day(now) }],
    ['totals + chart, status (from the rows)', 'orders.totals', { status: 'disputed' }],
    ['totals + chart, search (from the rows)', 'orders.totals', { search: 'Moneypenny 4' }],
  ];

  const times = new Map<string, number[]>(cases.map(([label]) => [label, []]));
  const sizes = new Map<string, string>();
  for (let copy = 0; copy < COPIES; copy++) {
    const copyDir = join(dir.path, `copy-${copy}`);
    mkdirSync(copyDir);
    for (const suffix of ['', '-wal']) {
      const file = join(source, DATABASE_FILE + suffix);
      if (existsSync(file)) copyFileSync(file, join(copyDir, DATABASE_FILE + suffix));
    }
    const fresh = benchTill(copyDir);
    const signIn = await dispatch(
      fresh.handlers,
      'staff.signIn',
      { staffId: 'owner', pin: TEST_OWNER_PIN },
      undefined,
      BENCH_SESSION,
    );
    if (!signIn.ok) throw new Error(signIn.error.message);
    const firstPage = await dispatch(fresh.handlers, 'orders.list', {}, undefined, BENCH_SESSION);
    if (!firstPage.ok) throw new Error(firstPage.error.message);
    const afterFirst = (firstPage.value as OrdersPage).nextCursor;
    const copyTimes = new Map<string, number[]>();
    for (const [label, channel, input] of cases) {
      const body = 'cursor' in input && input.cursor === 'after first page' ? { cursor: afterFirst } : input;
      const mine: number[] = [];
      // One call first, untimed: it reads the pages the call needs from disk into SQLite's and the OS's cache.
      await dispatch(fresh.handlers, channel, body, undefined, BENCH_SESSION);
      for (let run = 0; run < RUNS; run++) {
        started = performance.now();
        const result = await dispatch(fresh.handlers, channel, body, undefined, BENCH_SESSION);
        mine.push(performance.now() - started);
        if (!result.ok) throw new Error(`${label}: ${result.error.message}`);
        const value = result.value as { orders?: unknown[]; totals?: { orders: number }[] };
        sizes.set(label, value.orders ? `${value.orders.length} rows` : `${value.totals?.[0]?.orders ?? 0} orders`);
      }
      copyTimes.set(label, mine);
      times.get(label)!.push(p95(mine));
    }
    await fresh.close();
  }

  const rows = cases.map(([label]) => ({
    call: label,
    answer: sizes.get(label),
    'p95 ms (median of 3 copies)': median(times.get(label)!).toFixed(1),
  }));
  console.log(
    `\nOrder history on a log of ${ORDERS.toLocaleString('en')} orders over ${YEARS} years ` +
      `(written in ${fillSeconds.toFixed(1)} s; p95 of ${RUNS} calls through the contract on each of ${COPIES} ` +
      'fresh copies, median over the copies)\n',
  );
  console.table(rows);
  dir.cleanup();
}

await main();
