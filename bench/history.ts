/**
 * `npx tsx bench/history.ts` (also part of `npm run bench`): how long the owner waits for the Order history on a
 * log of several years — each filter the window sends, answered through the contract (list, totals and the daily
 * chart in one call), and the CSV export of every order.
 *
 * The log: BENCH_ORDERS orders (default 100,000: about 90 a day for three years), written as checkout writes them
 * (order, line, attempt with its card), most paid, some declined, some refunded, a few disputes.
 * No target is set for this; a person waits on it, so anything well under 100 ms feels immediate.
 */
import { dispatch } from '#core/ipc/dispatch';
import { createOrderStore } from '#core/orders/order-store';
import { createAttemptStore } from '#core/payments/attempt-store';
import type { Channel } from '#shared/channels';
import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { seededRandom } from '../test/support/random';
import { benchQuote } from './support/bench-quote';
import { tempDir } from '../test/support/temp-dir';
import { BENCH_SESSION, newBenchTill } from './support/bench-till';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const RUNS = 15;
const DAY = 86_400_000;
const NAMES = ['Ada Lovelace', 'Bob Builder', 'Cara Dune', 'Dan Disputed', 'Eve Moneypenny', 'Finn Mertens'];

const random = seededRandom(20_261_122);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function fillLog(till: Awaited<ReturnType<typeof newBenchTill>>, now: number) {
  const orders = createOrderStore(till.db);
  const attempts = createAttemptStore(till.db);
  const setCreated = till.db.prepare('UPDATE orders SET created_at = ? WHERE id = ?');
  orders.transaction(() => {
    for (let i = 0; i < ORDERS; i++) {
      // Spread over three years, oldest first, as a log grows; the id made at that time, as checkout makes it.
      const createdAt = now - Math.floor(((ORDERS - i) / ORDERS) * 3 * 365 * DAY);
      const id = timeOrderedIdAt(createdAt);
      const amount = 500 + Math.floor(random() * 50_000);
      const name = `${pick(NAMES)} ${i}`;
      orders.create(
        id,
        benchQuote(amount),
        { name, phone: `250 555 ${String(i % 10_000).padStart(4, '0')}`, email: `c${i}@example.com` },
        '',
        'system',
      );
      setCreated.run(createdAt, id);
      const paid = random() < 0.9;
      const attempt = attempts.begin(id, amount, 'CAD', { kind: 'create', paymentIntentId: null, params: {} });
      const intent = `pi_bench${i}`;
      attempts.finish(attempt.id, {
        status: paid ? 'succeeded' : 'failed',
        paymentIntentId: intent,
        cardBrand: 'visa',
        cardLast4: String(1000 + (i % 9000)),
      });
      orders.setPaymentIntent(id, intent);
      orders.advancePayment(id, paid ? 'paid' : 'failed');
      if (paid && random() < 0.05) orders.setAmountRefunded(id, Math.floor(amount / 2), { onlyUp: true });
      if (paid && random() < 0.005) orders.recordDispute(id, { status: 'lost', amount, reason: 'fraudulent' });
    }
  });
}

async function main() {
  const dir = tempDir('till-bench-history-');
  const till = await newBenchTill(dir.path);
  const now = Date.now();
  let started = performance.now();
  fillLog(till, now);
  const setupSeconds = (performance.now() - started) / 1000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  const cases: [label: string, channel: Channel, input: object][] = [
    ['newest 100, no filter', 'orders.list', {}],
    ['newest 500, no filter', 'orders.list', { limit: 500 }],
    ['one month', 'orders.list', { from: day(now - 60 * DAY), to: day(now - 30 * DAY) }],
    ['status: refunded in part', 'orders.list', { status: 'partially_refunded' }],
    ['search: order number', 'orders.list', { search: `#${1001 + ORDERS / 2}` }],
    ['search: part of a name', 'orders.list', { search: 'Moneypenny 4' }],
    ['search: phone', 'orders.list', { search: '555-0123' }],
    ['search: card last 4', 'orders.list', { search: '4242' }],
    ['search: PaymentIntent id', 'orders.list', { search: `pi_bench${ORDERS - 10}` }],
    ['amount between $100 and $101', 'orders.list', { minTotal: 10_000, maxTotal: 10_100 }],
    ['order detail with timeline', 'orders.get', {}],
    ['CSV export of every order', 'orders.exportCsv', {}],
  ];
  const someOrder = till.db.prepare('SELECT id FROM orders ORDER BY created_at DESC LIMIT 1').pluck().get() as string;
  const rows: Record<string, string | number>[] = [];
  for (const [label, channel, input] of cases) {
    const body = channel === 'orders.get' ? { orderId: someOrder } : input;
    const times: number[] = [];
    let size = '';
    for (let i = 0; i < (channel === 'orders.exportCsv' ? 3 : RUNS); i++) {
      started = performance.now();
      const result = await dispatch(till.handlers, channel, body, undefined, BENCH_SESSION);
      times.push(performance.now() - started);
      if (!result.ok) throw new Error(`${label}: ${result.error.message}`);
      const value = result.value as { orders?: unknown[]; totals?: { orders: number }[]; rows?: number };
      size =
        value.orders !== undefined
          ? `${value.orders.length} shown of ${value.totals?.[0]?.orders ?? 0}`
          : value.rows !== undefined
            ? `${value.rows} rows`
            : '';
    }
    rows.push({ query: label, matches: size, 'ms (median)': median(times).toFixed(1) });
  }
  console.log(
    `\nOrder history on a log of ${ORDERS.toLocaleString('en')} orders over three years ` +
      `(setup ${setupSeconds.toFixed(1)} s; median of ${RUNS} calls through the contract, 3 for the export)\n`,
  );
  console.table(rows);
  await till.close();
  dir.cleanup();
}

await main();
