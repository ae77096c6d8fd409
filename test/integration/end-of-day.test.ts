import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndOfDay, PaymentOutcome } from '#shared/contract';
import { localDay } from '#shared/local-day';
import { createStripeClient } from '#core/payments/stripe-client';
import type { CallerRequest } from '#core/ipc/caller';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/** The end of day: a day's sales, taxes, refunds and disputes from the log, by card and by staff; closing it. */
describe('end of day', () => {
  let core: TestTill;
  let manager: CallerRequest;
  let clerk: CallerRequest;
  const today = localDay(Date.now());
  beforeEach(async () => {
    core = await startTill({ training: true });
    manager = await core.signIn((await core.addStaff('Mo Manager', 'manager', '1357')).id, '1357', 'history');
    clerk = await core.signIn((await core.addStaff('Sam Clerk', 'clerk', '2222')).id, '2222');
  });
  afterEach(() => core.stop());

  /** A phone order of `unitPrice` (standard tax: GST 5% and PST 7% on top), paid with `card`, taken by `who`. */
  async function take(who: CallerRequest | null, card: string, unitPrice: number) {
    const request = {
      checkoutId: crypto.randomUUID(),
      cart: { lines: [{ kind: 'custom', description: 'Safety vest', unitPrice, taxClass: 'standard' }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101' },
      note: '',
      confirmationTokenId: await core.confirmationToken(card),
    };
    const paid = who
      ? await core.callAs<PaymentOutcome>(who, 'checkout.pay', request)
      : await core.call<PaymentOutcome>('checkout.pay', request);
    if (!paid.ok) throw new Error(paid.error.message);
    return paid.value;
  }
  const endOfDay = async (day = today) => {
    const got = await core.call<EndOfDay>('endOfDay.get', { day });
    if (!got.ok) throw new Error(got.error.message);
    return got.value;
  };
  async function catchUpEvents() {
    core.training!.simulator.admin.runPendingJobs();
    const events = await createStripeClient(core.training!.connection, 'test').events.list({ limit: 100 });
    core.till.events.ingest(events.data.reverse(), 'events_api');
  }

  it('adds up the day: orders, gross, each tax, refunds, disputes, net, by card brand and by staff', async () => {
    const visa = await take(null, '4242424242424242', 10_000); // $112.00 with GST and PST
    await take(manager, '5555555555554444', 2_000); // $22.40
    await take(null, '4000000000000259', 4_000); // $44.80, then disputed by the bank
    await take(null, '4000000000000002', 9_900); // declined: not a sale
    const refund = await core.call('orders.refund', {
      orderId: visa.orderId,
      amount: 500,
      reason: 'requested_by_customer',
      note: '',
      pin: TEST_OWNER_PIN,
    });
    expect(refund).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    await catchUpEvents();

    const { figures, closed, adjustments } = await endOfDay();
    expect(figures).toMatchObject({
      day: today,
      orders: 3,
      subtotal: 16_000,
      taxes: [
        { name: 'GST', amount: 800 },
        { name: 'PST', amount: 1_120 },
      ],
      gross: 17_920,
      refunds: { count: 1, amount: 500 },
      disputes: { opened: 1, openedAmount: 4_480, lost: 0, lostAmount: 0 },
      net: 17_420,
    });
    expect(figures.byBrand).toEqual(
      expect.arrayContaining([
        { name: 'visa', count: 2, amount: 15_680 },
        { name: 'mastercard', count: 1, amount: 2_240 },
      ]),
    );
    expect(figures.byStaff).toEqual(
      expect.arrayContaining([
        { name: 'Owner', count: 2, amount: 15_680 },
        { name: 'Mo Manager', count: 1, amount: 2_240 },
      ]),
    );
    expect(closed).toBeNull();
    expect(adjustments).toEqual([]);
    // Another day has none of it.
    expect((await endOfDay('2020-01-01')).figures).toMatchObject({ orders: 0, gross: 0, net: 0 });
  });

  it('closes a day once with a PIN, keeps its figures, and shows later changes as adjustments', async () => {
    const order = await take(null, '4242424242424242', 10_000);
    expect(await core.callAs(manager, 'endOfDay.close', { day: today, pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', field: 'pin' },
    });
    const closed = await core.callAs<EndOfDay>(manager, 'endOfDay.close', { day: today, pin: '1357' });
    if (!closed.ok) throw new Error(closed.error.message);
    expect(closed.value.closed).toMatchObject({ by: 'Mo Manager', figures: { orders: 1, gross: 11_200, net: 11_200 } });
    expect(await core.callAs(manager, 'endOfDay.close', { day: today, pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already closed') },
    });
    const audited = core.till.db.prepare("SELECT details FROM audit_log WHERE action = 'day.closed'").pluck().all();
    expect(audited).toEqual([JSON.stringify({ day: today, net: 11_200, orders: 1 })]);

    // After closing: a refund today and one more sale. The closed figures stay; the report shows what moved.
    await core.call('orders.refund', {
      orderId: order.orderId,
      amount: 1_000,
      reason: 'requested_by_customer',
      note: '',
      pin: TEST_OWNER_PIN,
    });
    await take(null, '4242424242424242', 1_000);
    const after = await endOfDay();
    expect(after.closed?.figures).toMatchObject({ orders: 1, gross: 11_200, net: 11_200 });
    expect(after.figures).toMatchObject({ orders: 2, gross: 12_320, net: 11_320 });
    expect(after.adjustments).toEqual([
      { figure: 'Orders', closed: 1, now: 2 },
      { figure: 'Gross', closed: 11_200, now: 12_320 },
      { figure: 'GST', closed: 500, now: 550 },
      { figure: 'PST', closed: 700, now: 770 },
      { figure: 'Refunds', closed: 0, now: 1_000 },
      { figure: 'Net', closed: 11_200, now: 11_320 },
    ]);
  });

  it("adds Stripe's side: the day's fees and deposit, and a payout that landed with the orders it holds", async () => {
    const one = await take(null, '4242424242424242', 10_000); // $112.00
    const two = await take(manager, '5555555555554444', 2_000); // $22.40
    const { stripe, stripeMessage } = await endOfDay();
    expect(stripeMessage).toBeNull();
    // Stripe's card fee, 2.9% + 30¢ each: $3.55 on $112.00 and $0.95 on $22.40.
    expect(stripe).toMatchObject({
      byType: [{ type: 'charge', count: 2, amount: 13_440, fee: 450, net: 12_990 }],
      fees: 450,
      net: 12_990,
      payouts: [],
    });

    // Two days on the money is available; Stripe pays it out, and it reaches the bank the next weekday.
    const sim = core.training!.simulator;
    sim.admin.advanceClock(2 * 86_400 + 60);
    const [payout] = sim.admin.runPayouts();
    sim.admin.advanceClock(payout!.arrival_date - sim.context.now() + 60);
    const landed = await endOfDay(new Date(payout!.arrival_date * 1000).toISOString().slice(0, 10));
    expect(landed.stripe?.payouts).toEqual([
      {
        id: payout!.id,
        amount: 12_990,
        arrivalDate: payout!.arrival_date * 1000,
        status: 'paid',
        items: expect.arrayContaining([
          { type: 'charge', amount: 11_200, fee: 355, net: 10_845, orderNumber: one.orderNumber },
          { type: 'charge', amount: 2_240, fee: 95, net: 2_145, orderNumber: two.orderNumber },
        ]),
      },
    ]);
  });

  it('is for owners and managers, refuses a day not yet begun, and exports the day as CSV', async () => {
    expect(await core.callAs(clerk, 'endOfDay.get', { day: today })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await core.call('endOfDay.close', { day: '2999-01-01', pin: TEST_OWNER_PIN })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'day' },
    });
    await take(null, '4242424242424242', 10_000);
    const exported = await core.call<{ csv: string; fileName: string }>('endOfDay.exportCsv', { day: today });
    if (!exported.ok) throw new Error(exported.error.message);
    expect(exported.value.fileName).toBe(`Till-end-of-day-${today}.csv`);
    expect(exported.value.csv).toContain('Sales,Orders paid,1,112.00');
    expect(exported.value.csv).toContain('Tax,GST,,5.00');
    expect(exported.value.csv).toContain('By card,Visa,1,112.00');
  });

  it('exports the figures the page shows without asking Stripe again; a day that moved since is asked for once', async () => {
    await take(null, '4242424242424242', 10_000);
    const asked: string[] = [];
    core.training!.simulator.context.requestLog.subscribe(({ method, path }) => {
      if (path.startsWith('/v1/balance_transactions') || path.startsWith('/v1/payouts'))
        asked.push(`${method} ${path}`);
    });
    const csvOf = async () => {
      const exported = await core.call<{ csv: string }>('endOfDay.exportCsv', { day: today });
      if (!exported.ok) throw new Error(exported.error.message);
      return exported.value.csv;
    };

    const seen = await endOfDay();
    const askedByThePage = asked.length;
    expect(askedByThePage).toBeGreaterThan(0);
    const csv = await csvOf();
    expect(asked).toHaveLength(askedByThePage);
    expect(csv).toContain('Sales,Orders paid,1,112.00');
    expect(csv).toContain(`Stripe,Fees,,-${(seen.stripe!.fees / 100).toFixed(2)}`);

    // A sale after the page was opened: the CSV adds the day up again, asking Stripe once (as opening the page does).
    await take(null, '4242424242424242', 2_000);
    const later = await csvOf();
    expect(asked).toHaveLength(2 * askedByThePage);
    expect(later).toContain('Sales,Orders paid,2,134.40');
  });

  it("exports a closed day's later changes as the page shows them: the order count whole, amounts as decimals", async () => {
    const orders = [];
    for (let i = 0; i < 10; i++) orders.push(await take(null, '4242424242424242', 10_000)); // $112.00 each
    const refund = (orderId: string, amount: number) =>
      core.call('orders.refund', { orderId, amount, reason: 'requested_by_customer', note: '', pin: TEST_OWNER_PIN });
    expect(await refund(orders[0]!.orderId, 1_455)).toMatchObject({ ok: true });
    const closed = await core.callAs(manager, 'endOfDay.close', { day: today, pin: '1357' });
    expect(closed).toMatchObject({
      ok: true,
      value: { closed: { figures: { orders: 10, refunds: { amount: 1_455 } } } },
    });
    // After closing, that day: one more order, and another refund.
    await take(null, '4242424242424242', 10_000);
    expect(await refund(orders[1]!.orderId, 3_000)).toMatchObject({ ok: true });

    const exported = await core.call<{ csv: string }>('endOfDay.exportCsv', { day: today });
    if (!exported.ok) throw new Error(exported.error.message);
    const [header, ...rows] = parse(exported.value.csv) as string[][];
    expect(header).toEqual(['Section', 'Figure', 'Count', 'Amount (CAD)']);
    const under = (heading: string[], row: string[]) => Object.fromEntries(heading.map((name, i) => [name, row[i]]));
    expect(rows.map((row) => under(header!, row))).toEqual(
      expect.arrayContaining([
        { Section: 'Sales', Figure: 'Orders paid', Count: '11', 'Amount (CAD)': '1232.00' },
        { Section: 'Refunds', Figure: 'Refunds made', Count: '2', 'Amount (CAD)': '-44.55' },
      ]),
    );

    // The changes since closing come last, under a header of their own, in the page's order and words.
    const start = rows.findIndex((row) => row[0] === 'Changed since closing');
    const [changesHeader, ...changes] = rows.slice(start);
    expect(changesHeader).toEqual(['Changed since closing', 'Figure', 'At closing', 'Now']);
    expect(changes.every((row) => row[0] === 'Changed since closing')).toBe(true);
    expect(changes.map((row) => under(changesHeader!.slice(1), row.slice(1)))).toEqual([
      { Figure: 'Orders', 'At closing': '10', Now: '11' },
      { Figure: 'Gross', 'At closing': '1120.00', Now: '1232.00' },
      { Figure: 'GST', 'At closing': '50.00', Now: '55.00' },
      { Figure: 'PST', 'At closing': '70.00', Now: '77.00' },
      { Figure: 'Refunds', 'At closing': '14.55', Now: '44.55' },
      { Figure: 'Net', 'At closing': '1105.45', Now: '1187.45' },
    ]);
    const [orderCount, ...amounts] = changes;
    for (const cell of orderCount!.slice(2)) expect(cell).toMatch(/^\d+$/);
    for (const row of amounts) for (const cell of row.slice(2)) expect(cell).toMatch(/^\d+\.\d{2}$/);
    // Each is what the page shows beside the figure.
    const { adjustments } = await endOfDay();
    expect(changes.map((row) => row[1])).toEqual(adjustments.map((a) => a.figure));
  });
});
