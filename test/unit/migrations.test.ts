import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, NotATillDatabaseError, TILL_APPLICATION_ID, migrate } from '#core/db/migrate';
import { MIGRATIONS } from '#core/db/migrations/index';
import { openDatabase } from '#core/db/open';
import { tempDir } from '../support/temp-dir';

const EXPECTED_TABLES = [
  'audit_log',
  'day_closes',
  'order_days',
  'order_lines',
  'orders',
  'orders_out_of_order',
  'payment_attempts',
  'payment_links',
  'products',
  'refunds',
  'settings',
  'staff',
  'stripe_events',
  'tax_rates',
  'wal_restarts',
];

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening the order log', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'nested', 'till.sqlite');
  });
  afterEach(() => dir.cleanup());

  it('creates every table from an empty folder, as STRICT tables, at the latest version', () => {
    const db = openDatabase(file);
    const tables = db
      .prepare<[], { name: string; strict: number }>(
        // The search index (an FTS5 virtual table and its shadow tables) is SQLite's own format, not a STRICT table.
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    expect(tables.map((t) => t.name)).toEqual(EXPECTED_TABLES);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('application_id', { simple: true })).toBe(TILL_APPLICATION_ID);
    db.close();
  });

  it('sets the durability pragmas a payments log needs', () => {
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('seeds the demo catalog once, in CAD, with an archived product, in a log from before set-up', () => {
    mkdirSync(join(dir.path, 'nested'));
    const beforeSetup = MIGRATIONS.slice(0, 5); // migration 6 takes it out again from a log that never sold
    const first = new Database(file);
    migrate(first, beforeSetup);
    first.close();
    const db = new Database(file);
    migrate(db, beforeSetup); // a second start must not seed again
    const counts = db
      .prepare<[], { archived: number; n: number }>('SELECT archived, count(*) AS n FROM products GROUP BY archived')
      .all();
    expect(counts).toEqual([
      { archived: 0, n: 13 },
      { archived: 1, n: 1 },
    ]);
    const currencies = db.prepare('SELECT DISTINCT currency FROM products').pluck().all();
    expect(currencies).toEqual(['CAD']);
    const rates = db
      .prepare("SELECT name, rate_bp FROM tax_rates WHERE tax_class = 'standard' ORDER BY sort_order")
      .all();
    expect(rates).toEqual([
      { name: 'GST', rate_bp: 500 },
      { name: 'PST', rate_bp: 700 },
    ]);
    db.close();
  });

  it('refuses values of the wrong type and broken references', () => {
    const db = openDatabase(file);
    const now = Date.now();
    expect(() =>
      db
        .prepare(
          `INSERT INTO products (id, sku, name, unit_price, currency, tax_class, created_at, updated_at)
           VALUES ('p', 'X-1', 'Thing', 'twelve fifty', 'CAD', 'standard', ?, ?)`,
        )
        .run(now, now),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO payment_attempts (id, order_id, attempt_no, idempotency_key, amount, currency, status,
                                         request, created_at, updated_at)
           VALUES ('a', 'no-such-order', 1, 'k', 100, 'CAD', 'pending', '{}', ?, ?)`,
        )
        .run(now, now),
    ).toThrow(/FOREIGN KEY constraint failed/);
    db.close();
  });

  it('brings a version 1 log up to date with its orders intact and without the unused indexes', () => {
    const v1 = new Database(file.replace('nested', ''));
    migrate(v1, MIGRATIONS.slice(0, 1));
    v1.prepare(
      `INSERT INTO orders (id, number, status, currency, subtotal, tax_total, total, created_at, updated_at)
       VALUES ('o1', 1001, 'paid', 'CAD', 1000, 120, 1120, 1, 1)`,
    ).run();
    const v1File = v1.name;
    v1.close();

    const db = openDatabase(v1File);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT number, total FROM orders').all()).toEqual([{ number: 1001, total: 1120 }]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
    expect(indexes).toContain('orders_by_created');
    expect(indexes).toContain('stripe_events_by_order');
    for (const dropped of ['orders_by_status', 'stripe_events_by_created', 'payment_attempts_by_intent']) {
      expect(indexes).not.toContain(dropped);
    }
    db.close();
  });

  it('refuses a log written by a newer Till, and leaves the file as it was', () => {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = sha256(file);

    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of Till .*The file was not changed/);
    expect(sha256(file)).toBe(before);
  });

  it("keeps the orders of an older log and fills in what later versions add (a caller's phone digits)", () => {
    mkdirSync(join(dir.path, 'nested'));
    const older = new Database(file);
    migrate(older, MIGRATIONS.slice(0, 3));
    older
      .prepare(
        `INSERT INTO orders (id, number, status, currency, subtotal, tax_total, total, customer_phone, created_at,
                             updated_at)
         VALUES ('o1', 1001, 'paid', 'CAD', 100, 0, 100, '+1 (250) 555-0199', 0, 0)`,
      )
      .run();
    older.close();
    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT customer_phone, customer_phone_digits FROM orders WHERE id = 'o1'").get()).toEqual({
        customer_phone: '+1 (250) 555-0199',
        customer_phone_digits: '12505550199',
      });
    } finally {
      db.close();
    }
  });

  it('gives the lines of an older log the SKU they were sold under, so a later SKU change leaves them alone', () => {
    mkdirSync(join(dir.path, 'nested'));
    const older = new Database(file);
    migrate(older, MIGRATIONS.slice(0, 5));
    older.exec(`
      INSERT INTO orders (id, number, status, currency, subtotal, tax_total, total, created_at, updated_at)
      VALUES ('o1', 1001, 'paid', 'CAD', 2895, 0, 2895, 0, 0);
      INSERT INTO order_lines (order_id, line_no, product_id, description, quantity, unit_price, tax_class, subtotal,
                               tax, total)
      VALUES ('o1', 1, (SELECT id FROM products WHERE sku = 'HH-100'), 'Hard hat', 1, 2895, 'gst_only', 2895, 0, 2895),
             ('o1', 2, NULL, 'Delivery', 1, 1000, 'standard', 1000, 0, 1000);
    `);
    older.close();
    const db = openDatabase(file);
    try {
      db.prepare("UPDATE products SET sku = 'HH-200' WHERE sku = 'HH-100'").run();
      expect(db.prepare("SELECT sku FROM order_lines WHERE order_id = 'o1' ORDER BY line_no").pluck().all()).toEqual([
        'HH-100',
        null,
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses an SQLite file that is not a Till order log', () => {
    const other = new Database(file.replace('till.sqlite', 'other.sqlite').replace('nested', ''));
    other.exec('CREATE TABLE notes (body TEXT)');
    other.pragma('user_version = 3');
    const otherFile = other.name;
    other.close();
    expect(() => openDatabase(otherFile)).toThrow(NotATillDatabaseError);
  });

  it('runs each migration inside a transaction, so a failing one leaves the previous version', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        up: (d: Database.Database) => d.exec('CREATE TABLE half_done (x INTEGER) STRICT; SELECT no_such_function();'),
      },
    ];
    return import('#core/db/migrate').then(({ migrate }) => {
      expect(() => migrate(db, broken)).toThrow(/no such function/);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
      db.close();
    });
  });
});
