import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDurability } from '#core/db/durability';
import { openDatabase, type Db } from '#core/db/open';
import { createOrderStore } from '#core/orders/order-store';
import { createAttemptStore } from '#core/payments/attempt-store';
import type { Quote } from '#shared/contract';
import { tempDir } from '../support/temp-dir';

const quote: Quote = {
  currency: 'CAD',
  lines: [
    {
      productId: null,
      sku: null,
      description: 'Hard hat',
      quantity: 2,
      unitPrice: 2_499,
      taxClass: 'standard',
      subtotal: 4_998,
      tax: 600,
      total: 5_598,
    },
    {
      productId: null,
      sku: null,
      description: 'Delivery',
      quantity: 1,
      unitPrice: 1_000,
      taxClass: 'gst_only',
      subtotal: 1_000,
      tax: 50,
      total: 1_050,
    },
  ],
  subtotal: 5_998,
  taxes: [
    { name: 'GST', rateBp: 500, amount: 300 },
    { name: 'PST', rateBp: 700, amount: 350 },
  ],
  taxTotal: 650,
  total: 6_648,
};

describe('the order log writes what a payment reads back', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(join(dir.path, 'till.sqlite'));
  });
  afterEach(() => {
    db.close();
    dir.cleanup();
  });

  it('a new order comes back from create exactly as it is stored, numbered from 1001', () => {
    const orders = createOrderStore(db);
    const customer = { name: 'Ada Caller', phone: '250 555 0199', email: 'ada@example.com' };
    const first = orders.create('order-1', quote, customer, 'leave at the side door', 'system');
    const second = orders.create('order-2', quote, { ...customer, email: '' }, '', 'system');
    expect(first).toEqual(orders.get('order-1'));
    expect(second).toEqual(orders.get('order-2'));
    expect([first.number, second.number]).toEqual([1001, 1002]);
    expect(second.customerEmail).toBeNull();
  });

  it('an order written straight as processing is stored as one written open and then moved to processing', () => {
    // Checkout writes a new order in the state its card's call leaves it in, in the transaction of its pending
    // attempt; everything that reads the log (reconciliation, events, the history, its totals and search) must find
    // exactly the row that inserting it open and moving it on wrote before.
    const at = 1_767_225_600_000;
    const orders = createOrderStore(db, () => at);
    const customer = { name: 'Ada Caller', phone: '250 555 0199', email: 'ada@example.com' };
    orders.create('two-steps', quote, customer, 'side door', 'system');
    orders.advancePayment('two-steps', 'processing');
    const created = orders.create('one-step', quote, customer, 'side door', 'system', 'processing');

    const row = db.prepare('SELECT * FROM orders WHERE id = ?');
    const { id: _a, number: _n, ...twoSteps } = row.get('two-steps') as Record<string, unknown>;
    const { id: _b, number: _m, ...oneStep } = row.get('one-step') as Record<string, unknown>;
    expect(oneStep).toEqual(twoSteps);
    expect(oneStep).toMatchObject({ status: 'processing', payment_state: 'processing', payment_state_at: at });
    expect(created).toEqual(orders.get('one-step'));
    // Counted once on its day as an order not yet charged, and found by the history's search.
    expect(db.prepare('SELECT orders, charged, gross FROM order_days').all()).toEqual([
      { orders: 2, charged: 0, gross: 0 },
    ]);
    const found = db
      .prepare("SELECT o.id FROM orders_search s JOIN orders o ON o.rowid = s.rowid WHERE orders_search MATCH 'side'")
      .pluck()
      .all();
    expect(found.sort()).toEqual(['one-step', 'two-steps']);
  });

  it('an order whose rows cannot all be written leaves none, alone or inside a transaction', () => {
    const orders = createOrderStore(db);
    const attempts = createAttemptStore(db);
    // A line naming a product the catalog does not have: refused by its foreign key after the order row went in.
    const broken: Quote = { ...quote, lines: [{ ...quote.lines[0]!, productId: 'no-such-product' }] };
    const customer = { name: 'Ada', phone: '250 555 0199', email: '' };
    expect(() => orders.create('alone', broken, customer, '', 'system')).toThrow(/FOREIGN KEY/);
    expect(() =>
      orders.transaction(() => {
        orders.create('first', quote, customer, '', 'system', 'processing');
        attempts.begin('first', quote.total, 'CAD', { kind: 'create', paymentIntentId: null, params: {} });
        orders.create('inside', broken, customer, '', 'system', 'processing');
      }),
    ).toThrow(/FOREIGN KEY/);
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect([count('orders'), count('order_lines'), count('payment_attempts')]).toEqual([0, 0, 0]);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'order.created'").pluck().get()).toBe(0);
    // Nothing of them is left in the day's figures or the search index either, and the next order is 1001.
    expect(count('order_days')).toBe(0);
    expect(orders.create('next', quote, customer, '', 'system').number).toBe(1001);
  });

  it('each attempt is stored with its request and a key that names the order and the try', () => {
    const orders = createOrderStore(db);
    const attempts = createAttemptStore(db);
    orders.create('order-1', quote, { name: 'Ada', phone: '250 555 0199', email: '' }, '', 'system');
    const request = { kind: 'create' as const, paymentIntentId: null, params: { amount: 6_648, currency: 'cad' } };
    const first = attempts.begin('order-1', 6_648, 'CAD', request);
    attempts.finish(first.id, { status: 'failed', declineCode: 'insufficient_funds' });
    const second = attempts.begin('order-1', 6_648, 'CAD', { ...request, kind: 'confirm', paymentIntentId: 'pi_1' });
    expect(first.idempotencyKey).toBe('till-order-1-1');
    expect(second.idempotencyKey).toBe('till-order-1-2');
    expect(attempts.latest('order-1')).toEqual(second);
    expect(attempts.unsettled()).toEqual([second]);
  });

  it("an event settles only the latest attempt, only while it waits, and only for that attempt's PaymentIntent", () => {
    const orders = createOrderStore(db);
    const attempts = createAttemptStore(db);
    orders.create('order-1', quote, { name: 'Ada', phone: '250 555 0199', email: '' }, '', 'system');
    const request = { kind: 'confirm' as const, paymentIntentId: 'pi_1', params: {} };
    const first = attempts.begin('order-1', 6_648, 'CAD', request);
    attempts.finish(first.id, { status: 'failed', paymentIntentId: 'pi_1', declineCode: 'insufficient_funds' });
    const second = attempts.begin('order-1', 6_648, 'CAD', request);
    attempts.finish(second.id, { status: 'unknown', paymentIntentId: 'pi_1' });

    expect(attempts.settleWaiting('order-1', 'pi_other', { status: 'succeeded' })).toBe(false);
    expect(attempts.settleWaiting('order-1', 'pi_1', { status: 'succeeded' })).toBe(true);
    expect(attempts.settleWaiting('order-1', 'pi_1', { status: 'failed', declineCode: 'generic_decline' })).toBe(false);
    const statuses = db
      .prepare('SELECT status, decline_code FROM payment_attempts WHERE order_id = ? ORDER BY attempt_no')
      .all('order-1');
    expect(statuses).toEqual([
      { status: 'failed', decline_code: 'insufficient_funds' },
      { status: 'succeeded', decline_code: null },
    ]);
  });

  it('a deferred write commits without waiting for the disk and leaves the log at FULL afterwards', () => {
    const durability = createDurability(db);
    const orders = createOrderStore(db);
    const during = durability.deferred(() => {
      orders.create('order-1', quote, { name: 'Ada', phone: '250 555 0199', email: '' }, '', 'system');
      return db.pragma('synchronous', { simple: true });
    });
    expect(during).toBe(1); // NORMAL
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(() =>
      durability.deferred(() => {
        throw new Error('write refused');
      }),
    ).toThrow('write refused');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(orders.get('order-1')?.number).toBe(1001);
  });
});
