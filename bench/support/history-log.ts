/**
 * The order log bench/history.ts and bench/history-window.ts time the history on: BENCH_ORDERS orders written as
 * checkout leaves them (order, line, attempt with its card), most paid, some declined, some refunded, a few disputes
 * lost, taken by three staff members, spread over YEARS years oldest first. Seeded: the same log every time.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '#core/create-till';
import { deriveStatus } from '#core/orders/order-state';
import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { seededRandom } from '../../test/support/random';
import { newBenchTill } from './bench-till';

export const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
export const DAY = 86_400_000;
export const YEARS = ORDERS >= 500_000 ? 10 : 3;
const NAMES = ['Ada Lovelace', 'Bob Builder', 'Cara Dune', 'Dan Disputed', 'Eve Moneypenny', 'Finn Mertens'];
const NOTES = ['', '', '', 'Leave at the back door', 'Call on arrival', 'Gift wrap please'];
const STAFF = ['owner', 'bench-clerk-1', 'bench-clerk-2'];

const random = seededRandom(20_261_122);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

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

/**
 * The log in `source` (as DATABASE_FILE), written there, or copied from BENCH_LOG=<file> when a run with the same
 * BENCH_ORDERS kept it there (writing a million orders takes minutes). Returns the time it was written at.
 */
export async function historyLog(source: string): Promise<number> {
  const kept = process.env.BENCH_LOG;
  if (kept && existsSync(kept)) {
    mkdirSync(source, { recursive: true });
    copyFileSync(kept, join(source, DATABASE_FILE));
    return Number(readFileSync(`${kept}.now`, 'utf8'));
  }
  const now = Date.now();
  const till = await newBenchTill(source);
  fillLog(till.db, now);
  await till.close();
  if (kept) {
    copyFileSync(join(source, DATABASE_FILE), kept);
    writeFileSync(`${kept}.now`, String(now));
  }
  return now;
}
