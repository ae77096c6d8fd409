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
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '#core/create-till';
import { dispatch } from '#core/ipc/dispatch';
import { deriveStatus } from '#core/orders/order-state';
import type { Channel } from '#shared/channels';
import type { OrdersPage } from '#shared/contract';
import { localDay } from '#shared/local-day';
import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { TEST_OWNER_PIN } from '../test/support/demo-shop';
import { seededRandom } from '../test/support/random';
import { tempDir } from '../test/support/temp-dir';
import { BENCH_SESSION, benchTill, newBenchTill } from './support/bench-till';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const RUNS = 20;
const COPIES = 3;
const DAY = 86_400_000;
const YEARS = ORDERS >= 500_000 ? 10 : 3;
const NAMES = ['Ada Lovelace', 'Bob Builder', 'Cara Dune', 'Dan Disputed', 'Eve Moneypenny', 'Finn Mertens'];
const NOTES = ['', '', '', 'Leave at the back door', 'Call on arrival', 'Gift wrap please'];
const STAFF = ['owner', 'bench-clerk-1', 'bench-clerk-2'];

const random = seededRandom(20_261_122);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

/** Writes the log straight into its tables (the triggers keep the search index and the per-day totals, as always). */
function fillLog(db: Awaited<ReturnType<typeof newBenchTill>>['db'], now: number) {
  const addStaff = db.prepare(
    "INSERT INTO staff (id, name, role, active, created_at) VALUES (?, ?, 'clerk', 1, ?) ON CONFLICT DO NOTHING",
  );
  const insertOrder = db.prepare(
    `INSERT INTO orders (id, number, status, payment_state, payment_state_at, currency, subtotal, tax_total, total,
                         amount_refunded, customer_name, customer_phone, customer_phone_digits, customer_email, note,
                         staff_id, payment_intent_id, dispute_status, dispute_amount, dispute_reason, created_at,
                         updated_at, paid_at)
     VALUES (?, ?, ?, ?, ?, 'CAD', ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO order_lines (order_id, line_no, description, quantity, unit_price, tax_class, subtotal, tax, total)
     VALUES (?, 1, 'Bench order', 1, ?, 'zero_rated', ?, 0, ?)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO payment_attempts (id, order_id, attempt_no, idempotency_key, amount, currency, status,
                                   payment_intent_id, card_brand, card_last4, request, created_at, updated_at)
     VALUES (?, ?, 1, ?, ?, 'CAD', ?, ?, 'visa', ?, '{}', ?, ?)`,
  );
  db.transaction(() => {
    for (const id of STAFF.slice(1)) addStaff.run(id, id, now);
    for (let i = 0; i < ORDERS; i++) {
      // Spread over the years, oldest first, as a log grows; the id made at that time, as checkout makes it.
      const createdAt = now - Math.floor(((ORDERS - i) / ORDERS) * YEARS * 365 * DAY);
      const id = timeOrderedIdAt(createdAt);
      const amount = 500 + Math.floor(random() * 50_000);
      const paid = random() < 0.9;
      const refunded = paid && random() < 0.05 ? Math.floor(amount / 2) : 0;
      const lost = paid && random() < 0.005;
      const phone = `250 555 ${String(i % 10_000).padStart(4, '0')}`;
      const status = deriveStatus({
        paymentState: paid ? 'paid' : 'failed',
        total: amount,
        amountRefunded: refunded,
        disputeStatus: lost ? 'lost' : null,
      });
      const intent = `pi_bench${i}`;
      insertOrder.run(
        id,
        1001 + i,
        status,
        paid ? 'paid' : 'failed',
        createdAt,
        amount,
        amount,
        refunded,
        `${pick(NAMES)} ${i}`,
        phone,
        phone.replace(/\D/g, ''),
        `c${i}@example.com`,
        pick(NOTES),
        pick(STAFF),
        intent,
        lost ? 'lost' : null,
        lost ? amount : null,
        lost ? 'fraudulent' : null,
        createdAt,
        createdAt,
        paid ? createdAt : null,
      );
      insertLine.run(id, amount, amount, amount);
      insertAttempt.run(
        `${id}-1`,
        id,
        `${id}-key-1`,
        amount,
        paid ? 'succeeded' : 'failed',
        intent,
        String(1000 + (i % 9000)),
        createdAt,
        createdAt,
      );
    }
  })();
}

type Case = [label: string, channel: Channel, input: object];

async function main() {
  const dir = tempDir('till-bench-history-');
  const source = join(dir.path, 'source');
  // BENCH_LOG=<file> keeps the written log there, and a later run with the same file and BENCH_ORDERS reuses it.
  const kept = process.env.BENCH_LOG;
  let started = performance.now();
  let now = Date.now();
  if (kept && existsSync(kept)) {
    mkdirSync(source);
    copyFileSync(kept, join(source, DATABASE_FILE));
    now = Number(readFileSync(`${kept}.now`, 'utf8'));
  } else {
    const till = await newBenchTill(source);
    fillLog(till.db, now);
    await till.close();
    if (kept) {
      copyFileSync(join(source, DATABASE_FILE), kept);
      writeFileSync(`${kept}.now`, String(now));
    }
  }
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
