import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryCursor, HistorySummary, OrdersPage } from '#shared/contract';
import { foldForSearch } from '#core/db/search-fold';
import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { startTill, type TestTill } from '../support/till';

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
    const insert = core.till.db.prepare(
      `INSERT INTO orders (id, number, status, payment_state, currency, subtotal, tax_total, total, customer_name,
                           created_at, updated_at)
       VALUES (?, ?, ?, ?, 'CAD', 100, 0, 100, ?, ?, ?)`,
    );
    core.till.db.transaction(() => {
      for (let i = 0; i < ORDERS; i++) {
        const at = 1_700_000_000_000 + Math.floor(i / 3) * 1000; // three orders in each second: ties
        const paid = i % 4 !== 0;
        const name = i < OLD_NAMES ? `Old Regular ${i}` : `Caller ${i % 50}`;
        insert.run(timeOrderedIdAt(at), 5000 + i, paid ? 'paid' : 'failed', paid ? 'paid' : 'failed', name, at, at);
      }
    })();
  }, 60_000);
  afterAll(() => core.stop());

  async function everyPage(filter: Record<string, unknown>, limit: number) {
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
      const mine = await everyPage(filter, limit);
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
    const insert = core.till.db.prepare(
      `INSERT INTO orders (id, number, status, payment_state, currency, subtotal, tax_total, total, customer_name,
                           created_at, updated_at)
       VALUES (?, ?, 'paid', 'paid', 'CAD', 100, 0, 100, ?, ?, ?)`,
    );
    const write = (number: number, at: number, name: string) => insert.run(timeOrderedIdAt(at), number, name, at, at);
    const start = 1_700_000_000_000;
    core.till.db.transaction(() => {
      let number = 1000;
      for (let i = 0; i < 3000; i++) write(number++, start + i * 60_000, `Walk In ${i % 7}`);
      // The clock set back a day: these were written after the orders above but show as placed before many of them.
      for (let i = 0; i < 600; i++) write(number++, start + 1000 * 60_000 + i * 30_000, `Walk In ${i % 5}`);
      for (let i = 0; i < 400; i++) write(number++, start + 3000 * 60_000 + i * 60_000, `Walk In ${i % 3}`);
    })();
  }, 60_000);
  afterAll(() => core.stop());

  it.each<[string, number]>([
    ['Walk In 1', 100],
    ['Walk In 4', 37],
    ['Walk In', 250],
    ['1234', 50], // an order number, and part of no name: the exact lookup alone
  ])('"%s": every match once, newest first', async (search, limit) => {
    const numbers: number[] = [];
    let cursor: HistoryCursor | null | undefined;
    do {
      const result = await core.call<OrdersPage>('orders.list', { search, limit, ...(cursor ? { cursor } : {}) });
      if (!result.ok) throw new Error(result.error.message);
      numbers.push(...result.value.orders.map((o) => o.number));
      cursor = result.value.nextCursor;
    } while (cursor);
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
    const insert = core.till.db.prepare(
      `INSERT INTO orders (id, number, status, payment_state, currency, subtotal, tax_total, total, customer_name,
                           created_at, updated_at)
       VALUES (?, ?, ?, ?, 'CAD', 100, 0, 100, ?, ?, ?)`,
    );
    core.till.db.transaction(() => {
      for (let i = 0; i < ORDERS; i++) {
        const at = 1_700_000_000_000 + i * 1000;
        const paid = i % 3 !== 0;
        const state = paid ? 'paid' : 'failed';
        insert.run(timeOrderedIdAt(at), 5000 + i, state, state, `${NAMES[i % NAMES.length]} ${i}`, at, at);
      }
    })();
  }, 60_000);
  afterAll(() => core.stop());

  async function pagesAndTotal(filter: Record<string, unknown>) {
    const numbers: number[] = [];
    let cursor: HistoryCursor | null | undefined;
    do {
      const result = await core.call<OrdersPage>('orders.list', {
        ...filter,
        limit: 50,
        ...(cursor ? { cursor } : {}),
      });
      if (!result.ok) throw new Error(result.error.message);
      numbers.push(...result.value.orders.map((o) => o.number));
      cursor = result.value.nextCursor;
    } while (cursor);
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
