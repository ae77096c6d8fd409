import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTill, DATABASE_FILE, type Till } from '#core/create-till';
import { MIGRATIONS } from '#core/db/migrations/index';
import { storedEvent } from '#core/events/stored-event';
import { createLogger } from '#core/log';
import { createOrderTimelineQueries } from '#core/orders/order-timeline-queries';
import type { PaymentOutcome } from '#shared/contract';
import { previewShell } from '../../src/web/preview-shell';
import { tempDir } from '../support/temp-dir';
import { startTill, type TestTill } from '../support/till';

/**
 * Issue 15, data at rest: stored Stripe events keep only what Till reads, never a PaymentIntent's client secret. The
 * events are real ones: payments through Till's checkout against the simulator (paid, declined then paid, 3D Secure,
 * refunded, disputed), read back from its Events API, whose PaymentIntents carry their client secrets as Stripe's do.
 */

const CLIENT_SECRET = /_secret_/;
const SCRUB = MIGRATIONS.find((migration) => migration.name === 'scrub-event-secrets')!;

interface OrderState {
  status: string;
  payment_state: string;
  amount_refunded: number;
  dispute_status: string | null;
}

const statesOf = (db: Database.Database | Till['db']) =>
  Object.fromEntries(
    (
      db
        .prepare('SELECT id, status, payment_state, amount_refunded, dispute_status FROM orders ORDER BY id')
        .all() as (OrderState & { id: string })[]
    ).map(({ id, ...state }) => [id, state]),
  );

/** What each order's timeline shows of Stripe's events: read from the stored JSON (Till's own rows carry clock times). */
const stripeTimelines = (db: Till['db'], orderIds: string[]) => {
  const timeline = createOrderTimelineQueries(db);
  return orderIds.map((id) => timeline.of(id).filter((entry) => entry.source === 'stripe'));
};

describe('stored Stripe events', () => {
  let core: TestTill;
  let stripe: Stripe;
  const dirs: { path: string; cleanup(): void }[] = [];
  const events: Stripe.Event[] = [];
  /** The order log with the orders and their PaymentIntent ids, rewound to "no outcome known", no events. */
  let baseline: string;

  const sim = () => core.training!.simulator;
  const later = () => sim().admin.advanceClock(3);
  const intentOf = (orderId: string) =>
    core.till.db.prepare('SELECT payment_intent_id FROM orders WHERE id = ?').pluck().get(orderId) as string;

  async function pay(orderId: string, card: string, amount: number): Promise<PaymentOutcome> {
    const result = await core.call<PaymentOutcome>('checkout.pay', {
      checkoutId: orderId,
      cart: { lines: [{ kind: 'custom', description: 'Safety gear', unitPrice: amount, taxClass: 'zero_rated' }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: await core.confirmationToken(card),
    });
    if (!result.ok) throw new Error(result.error.message);
    later();
    return result.value;
  }

  function freshTill(file: string): Till {
    const dir = tempDir('till-scrub-');
    dirs.push(dir);
    copyFileSync(file, join(dir.path, DATABASE_FILE));
    return createTill({
      dataDir: dir.path,
      version: '0.0.0-test',
      env: {},
      logger: createLogger({ level: 'silent' }),
      shell: previewShell,
    });
  }

  beforeAll(async () => {
    core = await startTill({ training: true });
    stripe = new Stripe(sim().keys.secret, { host: '127.0.0.1', port: sim().port, protocol: 'http' });
    const paid = randomUUID();
    await pay(paid, '4242424242424242', 2895);
    const declinedThenPaid = randomUUID();
    await pay(declinedThenPaid, '4000000000000002', 1895);
    await pay(declinedThenPaid, '4242424242424242', 1895);
    const threeDS = randomUUID();
    expect((await pay(threeDS, '4000002500003155', 4250)).status).toBe('requires_action');
    const challenge = await fetch(`${sim().url}/_simulator/3ds/${intentOf(threeDS)}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim().keys.secret}` },
    });
    expect(challenge.status).toBe(200);
    later();
    expect((await core.call('checkout.refresh', { orderId: threeDS })).ok).toBe(true);
    await stripe.refunds.create({ payment_intent: intentOf(paid), amount: 1000 });
    later();
    await pay(randomUUID(), '4000000000000259', 7777); // disputed
    sim().admin.runPendingJobs();
    later();
    for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
    events.reverse();

    const dir = tempDir('till-scrub-baseline-');
    dirs.push(dir);
    baseline = join(dir.path, 'baseline.sqlite');
    core.till.db.prepare('VACUUM INTO ?').run(baseline);
    const db = new Database(baseline);
    db.exec(`
      UPDATE orders SET payment_state = 'processing', payment_state_at = created_at, status = 'processing',
             amount_refunded = 0, dispute_status = NULL, dispute_amount = NULL, dispute_reason = NULL,
             paid_at = NULL, review_reason = NULL;
      UPDATE payment_attempts SET status = 'unknown' WHERE status <> 'failed';
      DELETE FROM refunds;
      DELETE FROM stripe_events;
    `);
    db.close();
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    for (const dir of dirs) dir.cleanup();
  });

  it('the events as Stripe sends them hold client secrets and billing details (else this test proves nothing)', () => {
    const raw = JSON.stringify(events);
    expect(raw).toMatch(/"client_secret":"pi_[A-Za-z0-9]+_secret_/);
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'payment_intent.succeeded',
        'payment_intent.payment_failed',
        'payment_intent.requires_action',
        'refund.created',
        'charge.refunded',
        'charge.dispute.created',
      ]),
    );
  });

  it('keeps no client secret, whatever its depth, and only the metadata Till wrote', () => {
    for (const event of events) expect(JSON.stringify(storedEvent(event))).not.toMatch(CLIENT_SECRET);
    const deep = storedEvent({
      id: 'evt_1',
      object: 'event',
      type: 'setup_intent.succeeded',
      created: 1,
      livemode: false,
      data: {
        object: {
          id: 'seti_1',
          object: 'setup_intent',
          client_secret: 'seti_1_secret_abc',
          status: { nested: [{ client_secret: 'seti_1_secret_def' }, 'see seti_1_secret_ghi'] },
          payment_intent: { id: 'pi_1', client_secret: 'pi_1_secret_jkl' },
          metadata: { till_order_id: 'o1', note: 'the caller said…' },
        },
      },
    } as unknown as Stripe.Event);
    expect(JSON.stringify(deep)).not.toMatch(CLIENT_SECRET);
    expect(deep.data.object).toEqual({
      id: 'seti_1',
      object: 'setup_intent',
      status: { nested: [{}, '[redacted]'] },
      payment_intent: 'pi_1',
      metadata: { till_order_id: 'o1' },
    });
  });

  it('keeps what the timeline shows and what a decline says, and drops the cardholder’s billing details', () => {
    const failed = events.find((event) => event.type === 'payment_intent.payment_failed')!;
    const intent = failed.data.object as Stripe.PaymentIntent;
    const method = intent.last_payment_error!.payment_method!;
    expect(method.billing_details).toBeDefined();
    const kept = storedEvent(failed).data.object as Stripe.PaymentIntent;
    expect(kept.last_payment_error).toEqual({
      type: intent.last_payment_error!.type,
      code: intent.last_payment_error!.code,
      decline_code: intent.last_payment_error!.decline_code,
      message: intent.last_payment_error!.message,
      payment_method: {
        id: method.id,
        object: 'payment_method',
        type: 'card',
        card: { brand: method.card!.brand, last4: method.card!.last4 },
      },
    });
    const refund = events.find((event) => event.type === 'refund.created')!;
    const original = refund.data.object as Stripe.Refund;
    expect(storedEvent(refund).data.object).toMatchObject({
      id: original.id,
      amount: 1000,
      currency: original.currency,
      status: original.status,
      payment_intent: original.payment_intent,
    });
  });

  it('migrating an older log scrubs every stored event, and replaying them moves the orders as the events themselves do', () => {
    // Applied as they come (reduced by the processor on the way in): the states Stripe's events lead to.
    const direct = freshTill(baseline);
    let expected: Record<string, OrderState>;
    let expectedTimelines: unknown[];
    try {
      direct.events.ingest(events, 'events_api');
      expected = statesOf(direct.db);
      expectedTimelines = stripeTimelines(direct.db, Object.keys(expected));
    } finally {
      void direct.close();
    }
    expect(Object.values(expected).map((state) => state.status)).toEqual(
      expect.arrayContaining(['paid', 'partially_refunded', 'disputed']),
    );

    // A log from before the scrub: every event stored whole, as the old processor did, none applied yet.
    const older = join(dirs[1]!.path, 'older.sqlite');
    copyFileSync(baseline, older);
    const db = new Database(older);
    const insert = db.prepare(
      `INSERT INTO stripe_events (id, type, created, livemode, object_id, order_id, source, payload, received_at)
       VALUES (?, ?, ?, 0, ?, NULL, 'events_api', ?, ?)`,
    );
    for (const [index, event] of events.entries()) {
      insert.run(
        event.id,
        event.type,
        event.created,
        (event.data.object as { id: string }).id,
        JSON.stringify(event),
        index,
      );
    }
    // As the log was before the scrub: without what the migrations after it add (they run again on opening).
    db.exec('DROP TABLE IF EXISTS payment_links; DROP TABLE IF EXISTS day_closes; DROP TABLE IF EXISTS wal_restarts');
    db.exec(`
      DROP TRIGGER orders_out_of_order_on_insert; DROP TRIGGER orders_out_of_order_on_update;
      DROP TABLE orders_out_of_order;
    `);
    db.exec(`
      DROP TRIGGER order_days_on_insert; DROP TRIGGER order_days_on_delete; DROP TRIGGER order_days_on_update;
      DROP TRIGGER orders_search_on_insert; DROP TRIGGER orders_search_on_delete; DROP TRIGGER orders_search_on_update;
      DROP TABLE order_days; DROP TABLE orders_search;
      DROP INDEX orders_by_status_newest; DROP INDEX orders_for_review; DROP INDEX orders_by_total;
    `);
    db.pragma(`user_version = ${SCRUB.version - 1}`);
    expect(
      db.prepare("SELECT count(*) FROM stripe_events WHERE payload LIKE '%\\_secret\\_%' ESCAPE '\\'").pluck().get(),
    ).toBeGreaterThan(0);
    db.close();

    const migrated = freshTill(older);
    try {
      expect(migrated.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const payloads = migrated.db.prepare('SELECT payload FROM stripe_events').pluck().all() as string[];
      expect(payloads).toHaveLength(events.length);
      expect(payloads.filter((payload) => CLIENT_SECRET.test(payload))).toEqual([]);
      expect(payloads.filter((payload) => payload.includes('billing_details'))).toEqual([]);

      // The stored rows are replayed from their JSON (the processor's adoption of events that found no order).
      expect(migrated.events.adoptUnmatched().length).toBeGreaterThan(0);
      expect(statesOf(migrated.db)).toEqual(expected);
      expect(stripeTimelines(migrated.db, Object.keys(expected))).toEqual(expectedTimelines);
    } finally {
      void migrated.close();
    }
  });
});
