import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryCursor, HistorySummary, OrdersPage } from '#shared/contract';
import { foldForSearch } from '#core/db/search-fold';
import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { startTill, type TestTill } from '../support/till';

/** A bare order (no lines, no attempt), as these tests write them straight into the log. */
interface BareOrder {
  number: number;
  at: number;
  name: string;
  state?: 'paid' | 'failed';
}

/** Writes `count` bare orders, `order(i)` each, in one transaction. */
function writeOrders(core: TestTill, count: number, order: (i: number) => BareOrder): void {
  const insert = core.till.db.prepare(
    `INSERT INTO orders (id, number, status, payment_state, currency, subtotal, tax_total, total, customer_name,
                         created_at, updated_at)
     VALUES (?, ?, ?, ?, 'CAD', 100, 0, 100, ?, ?, ?)`,
  );
  core.till.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const { number, at, name, state = 'paid' } = order(i);
      insert.run(timeOrderedIdAt(at), number, state, state, name, at, at);
    }
  })();
}

/** The numbers of every order `filter` matches, following nextCursor from the first page as the window scrolls. */
async function everyPage(core: TestTill, filter: Record<string, unknown>, limit: number): Promise<number[]> {
  const numbers: number[] = [];
  let cursor: HistoryCursor | null | undefined;
  do {
    const result = await core.call<OrdersPage>('orders.list', { ...filter, limit, ...(cursor ? { cursor } : {}) });
    if (!result.ok) throw new Error(result.error.message);
    numbers.push(...result.value.orders.map((o) => o.number));
    cursor = result.value.nextCursor;
    expect(result.value.hasMore).toBe(cursor !== null);
  } while (cursor);
  return numbers;
}

/**
 * Keyset pages: following nextCursor from the first page visits every matching order once, newest first, ties on
 * the same millisecond included, whichever way the page is found (an index, a walk of the newest orders, or the
 * search index when the text is common but held only by old orders).
 */
describe('the history a page at a time', () => {
  let core: TestTill;
  const ORDERS = 26_000;
  /** The oldest 6,000 orders share a name: common text, held only by orders past the newest 20,000. */
  const OLD_NAMES = 6_000;

  beforeAll(async () => {
    core = await startTill();
    writeOrders(core, ORDERS, (i) => ({
      number: 5000 + i,
      at: 1_700_000_000_000 + Math.floor(i / 3) * 1000, // three orders in each second: ties
      name: i < OLD_NAMES ? `Old Regular ${i}` : `Caller ${i % 50}`,
      state: i % 4 !== 0 ? 'paid' : 'failed',
    }));
  }, 60_000);
  afterAll(() => core.stop());
  const expected = (where: string) =>
    core.till.db
      .prepare(`SELECT number FROM orders WHERE ${where} ORDER BY created_at DESC, number DESC`)
      .pluck()
      .all() as number[];

  it.each<[string, Record<string, unknown>, string, number]>([
    ['no filter', {}, 'number >= 5000', 500],
    ['a status', { status: 'failed' }, "status = 'failed' AND number >= 5000", 500],
    ['common text only old orders hold', { search: 'Old Regular' }, "customer_name LIKE 'Old Regular %'", 250],
    ['text most new orders hold', { search: 'Caller 1' }, "customer_name LIKE 'Caller 1%'", 500],
    ['text too short for the index', { search: '7' }, "customer_name LIKE '%7%'", 500],
    ['text the index finds', { search: 'r 7' }, "customer_name LIKE '%r 7%'", 500],
    ['rare text, fewer matches than a page', { search: 'Regular 123' }, "customer_name LIKE '%Regular 123%'", 500],
  ])(
    '%s: every match once, newest first',
    async (_label, filter, where, limit) => {
      const mine = await everyPage(core, filter, limit);
      expect(mine).toEqual(expected(where));
    },
    120_000,
  );
});

/**
 * A search walks the search index newest first only where the log was written in the order the orders were placed:
 * a PC whose clock was set back writes orders placed "before" ones already written, and the pages still come newest
 * first, each match once, whether the text is in orders written before, during or after that.
 */
describe('the history a page at a time, after the clock was set back', () => {
  let core: TestTill;

  beforeAll(async () => {
    core = await startTill();
    const start = 1_700_000_000_000;
    writeOrders(core, 3000, (i) => ({ number: 1000 + i, at: start + i * 60_000, name: `Walk In ${i % 7}` }));
    // The clock set back a day: these were written after the orders above but show as placed before many of them.
    writeOrders(core, 600, (i) => ({
      number: 4000 + i,
      at: start + 1000 * 60_000 + i * 30_000,
      name: `Walk In ${i % 5}`,
    }));
    writeOrders(core, 400, (i) => ({
      number: 4600 + i,
      at: start + 3000 * 60_000 + i * 60_000,
      name: `Walk In ${i % 3}`,
    }));
  }, 60_000);
  afterAll(() => core.stop());

  it.each<[string, number]>([
    ['Walk In 1', 100],
    ['Walk In 4', 37],
    ['Walk In', 250],
    ['1234', 50], // an order number, and part of no name: the exact lookup alone
  ])('"%s": every match once, newest first', async (search, limit) => {
    const numbers = await everyPage(core, { search }, limit);
    const expected = core.till.db
      .prepare(
        `SELECT number FROM orders WHERE instr(customer_name, ?) OR number = ?
          ORDER BY created_at DESC, number DESC`,
      )
      .pluck()
      .all(search, Number(search) || -1) as number[];
    expect(numbers).toEqual(expected);
    expect(numbers.length).toBeGreaterThan(0);
  });
});

/**
 * French names found as a clerk types them, without accents or capitals ("cote" finds "Côté", "emile" finds "ÉMILE"):
 * whether the search index answers, or the text is common among the newest orders and they are compared one by one
 * (with another filter), the pages hold the same orders as the totals count.
 */
describe('the history searched without accents', () => {
  let core: TestTill;
  const NAMES = ['Jean-François Côté', 'Marie Cote', 'ÉMILE CÔTÉ', 'Émile Zola', 'Bob Smith'];
  const ORDERS = 1_000;

  beforeAll(async () => {
    core = await startTill();
    writeOrders(core, ORDERS, (i) => ({
      number: 5000 + i,
      at: 1_700_000_000_000 + i * 1000,
      name: `${NAMES[i % NAMES.length]} ${i}`,
      state: i % 3 !== 0 ? 'paid' : 'failed',
    }));
  }, 60_000);
  afterAll(() => core.stop());

  async function pagesAndTotal(filter: Record<string, unknown>) {
    const numbers = await everyPage(core, filter, 50);
    const totals = await core.call<HistorySummary>('orders.totals', filter);
    if (!totals.ok) throw new Error(totals.error.message);
    return { numbers, total: totals.value.totals[0]?.orders ?? 0 };
  }
  /** The orders whose name holds `part` once both are without accents and capitals, newest first. */
  const holding = (part: string, status?: string) =>
    (
      core.till.db
        .prepare('SELECT number, status, customer_name AS name FROM orders ORDER BY created_at DESC, number DESC')
        .all() as { number: number; status: string; name: string }[]
    )
      .filter((o) => foldForSearch(o.name).includes(part) && (!status || o.status === status))
      .map((o) => o.number);

  it.each<[string, Record<string, unknown>, string, string | undefined]>([
    ['the index, for a search alone', { search: 'cote' }, 'cote', undefined],
    ['the index, capitals and accents typed', { search: 'ÉMILE' }, 'emile', undefined],
    ['a walk of the newest orders, with a status', { search: 'cote', status: 'paid' }, 'cote', 'paid'],
    ['a walk, typed with accents', { search: 'Françoi', status: 'failed' }, 'francoi', 'failed'],
  ])('%s: the pages hold every match, as many as the totals count', async (_label, filter, part, status) => {
    const { numbers, total } = await pagesAndTotal(filter);
    const expected = holding(part, status);
    expect(expected.length).toBeGreaterThan(50); // more than a page: common text
    expect(numbers).toEqual(expected);
    expect(total).toBe(expected.length);
  });
});
