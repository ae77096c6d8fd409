import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLED_EVENT_TYPES } from '#core/events/event-processor';
import type { HistorySummary, OrderDetail, OrdersPage, PaymentOutcome } from '#shared/contract';
import { exportToFolder } from '../support/export-shell';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

/**
 * The owner's Order history through the contract, on orders that went through the real paths: checkout against the
 * simulator, then refunds and disputes as Stripe's events reported them.
 */
describe('the order history', () => {
  let core: TestTill;
  const exports = tempDir('till-history-exports-');
  let stripe: Stripe;
  const ORDER_TOTAL = 19949; // BT-510 at $189.99 + 5% GST
  const orders: Record<'ada' | 'bob' | 'cara' | 'dan', PaymentOutcome> = {} as never;
  /** Local times on the shop PC's clock (the filter's days are local days). */
  const placedAt = {
    ada: new Date(2026, 10, 1, 10, 0).getTime(),
    bob: new Date(2026, 10, 2, 0, 0).getTime(), // the first instant of Nov 2
    cara: new Date(2026, 10, 3, 12, 0).getTime(),
    dan: new Date(2026, 10, 3, 23, 59, 59, 999).getTime(), // the last instant of Nov 3
  };

  async function pay(name: string, phone: string, email: string, card: string) {
    const result = await core.call<PaymentOutcome>('checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] },
      customer: { name, phone, email },
      note: '',
      confirmationTokenId: await core.confirmationToken(card),
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }
  /** A page and, as the window asks for them beside it, the totals and chart of the same filter. */
  const list = async (filter: Record<string, unknown> = {}) => {
    const result = await core.call<OrdersPage>('orders.list', filter);
    if (!result.ok) throw new Error(result.error.message);
    const { limit: _limit, ...totalsFilter } = filter;
    const summary = await core.call<HistorySummary>('orders.totals', totalsFilter);
    if (!summary.ok) throw new Error(summary.error.message);
    return { ...result.value, ...summary.value };
  };
  const numbersOf = (page: OrdersPage) => page.orders.map((o) => o.number);
  const detail = async (orderId: string) => {
    const result = await core.call<OrderDetail>('orders.get', { orderId });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  beforeAll(async () => {
    core = await startTill({ training: true, shell: exportToFolder(exports.path) });
    const simulator = core.training!.simulator;
    stripe = new Stripe(simulator.keys.secret, { host: '127.0.0.1', port: simulator.port, protocol: 'http' });
    orders.ada = await pay('Ada Lovelace', '(250) 555-0199', 'ada@example.com', '4242424242424242');
    orders.bob = await pay('Bob Builder', '250.555.0123', '', '4000000000000002');
    orders.cara = await pay('Cara 100%_Dune', '250 555 0188', '', '4242424242424242');
    orders.dan = await pay('Dan Disputed', '250 555 0177', '', '4000000000002685'); // disputed, then lost
    const caraIntent = (await detail(orders.cara.orderId)).paymentIntentId!;
    await stripe.refunds.create({ payment_intent: caraIntent, amount: 5000 });
    simulator.admin.runPendingJobs();
    const [dispute] = (await stripe.disputes.list({ limit: 1 })).data;
    await stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'losing_evidence' } });
    simulator.admin.runPendingJobs();
    // Stripe's events, as the poller would hand them over: the types Till asks for, oldest first.
    const handled = new Set<string>(HANDLED_EVENT_TYPES);
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) if (handled.has(event.type)) events.push(event);
    core.till.events.ingest(events.reverse(), 'events_api');
    for (const [who, at] of Object.entries(placedAt)) {
      core.till.db.prepare('UPDATE orders SET created_at = ? WHERE id = ?').run(at, orders[who as 'ada'].orderId);
    }
  });
  afterAll(async () => {
    await core.stop();
    exports.cleanup();
  });

  it('lists every order newest first, with what it came to', async () => {
    const page = await list();
    expect(numbersOf(page)).toEqual([orders.dan, orders.cara, orders.bob, orders.ada].map((o) => o.orderNumber));
    expect(page.hasMore).toBe(false);
    expect(page.orders.map((o) => o.status)).toEqual(['disputed', 'partially_refunded', 'failed', 'paid']);
    expect(page.orders.map((o) => o.cardLast4)).toEqual(['2685', '4242', '0002', '4242']);
    expect(page.orders[1]).toMatchObject({ customerName: 'Cara 100%_Dune', amountRefunded: 5000 });
  });

  it('adds up only the orders whose card was charged: gross, refunds, lost disputes and net', async () => {
    const { totals } = await list();
    expect(totals).toEqual([
      {
        currency: 'CAD',
        orders: 4,
        charged: 3, // Bob's card was declined
        gross: 3 * ORDER_TOTAL,
        refunded: 5000,
        disputesLost: ORDER_TOTAL,
        net: 3 * ORDER_TOTAL - 5000 - ORDER_TOTAL,
      },
    ]);
  });

  it('filters by status; "needs review" also finds orders flagged for the owner', async () => {
    expect(numbersOf(await list({ status: 'failed' }))).toEqual([orders.bob.orderNumber]);
    expect(numbersOf(await list({ status: 'paid' }))).toEqual([orders.ada.orderNumber]);
    expect(numbersOf(await list({ status: 'needs_review' }))).toEqual([]);
    core.till.db.prepare("UPDATE orders SET review_reason = 'check me' WHERE id = ?").run(orders.ada.orderId);
    try {
      expect(numbersOf(await list({ status: 'needs_review' }))).toEqual([orders.ada.orderNumber]);
    } finally {
      core.till.db.prepare('UPDATE orders SET review_reason = NULL WHERE id = ?').run(orders.ada.orderId);
    }
  });

  type Who = keyof typeof orders;
  it.each<[string, () => string, Who[]]>([
    ['an order number', () => String(orders.bob.orderNumber), ['bob']],
    ['an order number with #', () => `#${orders.cara.orderNumber}`, ['cara']],
    ['part of a name, in any case', () => 'LOVELACE', ['ada']],
    ['an email', () => 'ada@EXAMPLE.com', ['ada']],
    ['a phone number written differently', () => '250-555-0199', ['ada']],
    ['the end of a phone number', () => '0123', ['bob']],
    ['the last 4 of a card', () => '2685', ['dan']],
    ['the last 4 shared by two cards', () => '4242', ['cara', 'ada']],
    ['LIKE wildcards, taken literally', () => '100%_', ['cara']],
    ['one wildcard, which would otherwise match everyone', () => '_', ['cara']],
    ['something nobody has', () => 'Zelda', []],
  ])('searches by %s', async (_label, query, who) => {
    const page = await list({ search: query() });
    expect(numbersOf(page)).toEqual(who.map((w) => orders[w].orderNumber));
  });

  it('searches by PaymentIntent id', async () => {
    const { paymentIntentId } = await detail(orders.dan.orderId);
    expect(numbersOf(await list({ search: paymentIntentId! }))).toEqual([orders.dan.orderNumber]);
  });

  it('takes any text in the search box, control characters too, and finds nothing rather than failing', async () => {
    // Found by the contract fuzz: a NUL ended the trigram index's query early and SQLite refused it.
    expect(numbersOf(await list({ search: '\u0000\u0000\u0000' }))).toEqual([]);
    // A control character reads as a space, as it would in a name.
    expect(numbersOf(await list({ search: 'Ada\u0000' }))).toEqual(numbersOf(await list({ search: 'Ada ' })));
  });

  it('takes whole days on the shop PC clock, both ends included, and totals only what it shows', async () => {
    const nov3 = await list({ from: '2026-11-03', to: '2026-11-03' });
    expect(numbersOf(nov3)).toEqual([orders.dan.orderNumber, orders.cara.orderNumber]);
    expect(nov3.totals[0]).toMatchObject({ orders: 2, charged: 2, gross: 2 * ORDER_TOTAL, refunded: 5000 });
    expect(numbersOf(await list({ from: '2026-11-02' }))).toEqual(
      [orders.dan, orders.cara, orders.bob].map((o) => o.orderNumber),
    );
    expect(numbersOf(await list({ to: '2026-11-01' }))).toEqual([orders.ada.orderNumber]);
    expect(await list({ from: '2026-11-04' })).toEqual({
      orders: [],
      hasMore: false,
      nextCursor: null,
      totals: [],
      daily: null,
    });
  });

  it('charts net sales per day over the range asked for, zero on days without sales', async () => {
    const { daily } = await list({ from: '2026-10-31', to: '2026-11-04' });
    expect(daily).toEqual({
      currency: 'CAD',
      days: [
        { day: '2026-10-31', charged: 0, net: 0 },
        { day: '2026-11-01', charged: 1, net: ORDER_TOTAL },
        { day: '2026-11-02', charged: 0, net: 0 }, // Bob's card was declined
        // Cara's refund and Dan's lost dispute count against the day the order was placed.
        { day: '2026-11-03', charged: 2, net: ORDER_TOTAL - 5000 + ORDER_TOTAL - ORDER_TOTAL },
        { day: '2026-11-04', charged: 0, net: 0 },
      ],
    });
    // The chart follows the rest of the filter too.
    const adaOnly = await list({ from: '2026-11-01', to: '2026-11-03', search: 'Ada' });
    expect(adaOnly.daily!.days.map((d) => d.net)).toEqual([ORDER_TOTAL, 0, 0]);
  });

  it('charts the last 30 days up to the end of the range when no start is given', async () => {
    const { daily } = await list({ to: '2026-11-03' });
    expect(daily!.days).toHaveLength(30);
    expect(daily!.days[0]!.day).toBe('2026-10-05');
    expect(daily!.days.at(-1)).toEqual({ day: '2026-11-03', charged: 2, net: ORDER_TOTAL - 5000 });
    const year = await list({ from: '2024-01-01', to: '2026-11-03' });
    expect(year.daily!.days).toHaveLength(366); // at most a year of bars: the latest ones
    expect(year.daily!.days.at(-1)!.day).toBe('2026-11-03');
  });

  it('filters by amount, in cents, both ends included', async () => {
    expect(await list({ minTotal: ORDER_TOTAL, maxTotal: ORDER_TOTAL })).toMatchObject({
      orders: { length: 4 },
    });
    expect((await list({ minTotal: ORDER_TOTAL + 1 })).orders).toEqual([]);
    expect((await list({ maxTotal: ORDER_TOTAL - 1 })).orders).toEqual([]);
  });

  it('sends a page at a time, says when there is more, and totals every match', async () => {
    const page = await list({ limit: 3 });
    expect(page.orders).toHaveLength(3);
    expect(page.hasMore).toBe(true);
    expect(page.totals[0]!.orders).toBe(4);
  });

  it("tells a declined order's story: the card tried, why it failed, and Stripe's report", async () => {
    const { timeline } = await detail(orders.bob.orderId);
    expect(timeline.map((entry) => entry.title)).toEqual([
      'Order created',
      'Card tried (attempt 1): declined — generic decline',
      'Stripe: payment failed',
    ]);
    expect(timeline[1]!.detail).toContain('$199.49 · Visa •••• 0002');
    expect(timeline[2]).toMatchObject({ source: 'stripe', detail: expect.stringMatching(/^evt_\w+ via Events API$/) });
  });

  it('shows refunds and disputes as Stripe reported them, with amounts and outcomes', async () => {
    const cara = (await detail(orders.cara.orderId)).timeline.map((e) => `${e.title} | ${e.detail ?? ''}`);
    expect(cara).toContainEqual(expect.stringMatching(/^Refund of \$50\.00: succeeded \| $/));
    expect(cara).toContainEqual(expect.stringMatching(/^Stripe: refund created \| \$50\.00 · (pending|succeeded) · /));
    const dan = await detail(orders.dan.orderId);
    expect(dan.disputeStatus).toBe('lost');
    const titles = dan.timeline.map((e) => e.title);
    expect(titles.indexOf('Stripe: dispute opened')).toBeGreaterThan(titles.indexOf('Stripe: payment succeeded'));
    expect(dan.timeline.find((e) => e.title === 'Stripe: dispute closed')?.detail).toMatch(/^\$199\.49 · lost · /);
  });

  it('exports every order the filter matches as CSV, and notes the export in the audit log', async () => {
    const result = await core.call<{ path: string; rows: number; fileName: string }>('orders.exportCsv', {
      from: '2026-11-03',
      search: 'Dune',
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({
      path: expect.stringContaining(exports.path),
      rows: 1,
      // Named apart from the whole history's file of the same day.
      fileName: expect.stringMatching(/^Till-orders-\d{4}-\d\d-\d\d-filtered\.csv$/),
    });
    const [header, record, ...rest] = readFileSync(result.value.path, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    // Each tax the exported orders carry in a column of its own: this one is GST only.
    expect(header).toMatch(/^Order,Date,Status,Customer,.*,Subtotal,GST,Tax,Total,/);
    expect(record).toMatch(
      new RegExp(
        `^${orders.cara.orderNumber},2026-11-03 12:00,Partly refunded,Cara 100%_Dune,250 555 0188,,4242,CAD,189\\.99,9\\.50,9\\.50,199\\.49,50\\.00,,pi_\\w+,$`,
      ),
    );
    expect(rest).toEqual([]);
    const audit = core.till.db
      .prepare("SELECT actor, details FROM audit_log WHERE action = 'orders.exported'")
      .all() as { actor: string; details: string }[];
    expect(audit).toEqual([{ actor: 'owner', details: JSON.stringify({ rows: 1, filters: ['search', 'from'] }) }]);
  });

  it('refuses a bad filter for an export as for the list', async () => {
    expect(await core.call('orders.exportCsv', { limit: 10 })).toMatchObject({ ok: false, error: { field: 'limit' } });
    expect(await core.call('orders.exportCsv', { minTotal: 10, maxTotal: 5 })).toMatchObject({
      ok: false,
      error: { field: 'maxTotal' },
    });
  });
});
