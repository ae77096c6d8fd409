import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '#core/db/migrate';
import { MIGRATIONS } from '#core/db/migrations/index';
import { openDatabase } from '#core/db/open';
import { tempDir } from '../support/temp-dir';

/** Migration 6: which order logs count as set up, from what they hold. */
describe('migration 6 (set-up state)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'till.sqlite');
  });
  afterEach(() => dir.cleanup());

  /** A log as Till wrote it before set-up existed (version 5: the demo shop from migration 1), changed by `use`. */
  function logFromBeforeSetup(use: (db: Database.Database) => void = () => {}) {
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 5));
    use(db);
    db.close();
  }
  const setupRow = (db: Database.Database) =>
    db.prepare("SELECT value FROM settings WHERE key = 'setup'").pluck().get() as string | undefined;
  const count = (db: Database.Database, table: string) =>
    db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

  it('starts a new log not set up, with an empty catalog, no taxes and no shop', () => {
    const db = openDatabase(file);
    try {
      expect(setupRow(db)).toBeUndefined();
      expect(count(db, 'products')).toBe(0);
      expect(count(db, 'tax_rates')).toBe(0);
      expect(count(db, 'staff')).toBe(0);
      expect(db.prepare("SELECT count(*) FROM settings WHERE key = 'shop'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('counts a log that already took orders as set up, and keeps its catalog, taxes and shop', () => {
    logFromBeforeSetup((db) =>
      db
        .prepare(
          `INSERT INTO orders (id, number, status, currency, subtotal, tax_total, total, created_at, updated_at)
           VALUES ('o1', 1001, 'paid', 'CAD', 1000, 120, 1120, 1, 1)`,
        )
        .run(),
    );
    const db = openDatabase(file);
    try {
      expect(JSON.parse(setupRow(db)!)).toMatchObject({ how: 'existing_log' });
      expect(count(db, 'products')).toBe(14);
      expect(count(db, 'tax_rates')).toBe(3);
      expect(count(db, 'orders')).toBe(1);
      expect(JSON.parse(db.prepare("SELECT value FROM settings WHERE key = 'shop'").pluck().get() as string)).toEqual(
        expect.objectContaining({ name: 'Thompson Valley Safety Supply', currency: 'CAD' }),
      );
    } finally {
      db.close();
    }
  });

  it('counts a log with a catalog of its own, or an owner PIN, as set up', () => {
    logFromBeforeSetup((db) =>
      db
        .prepare(
          `INSERT INTO products (id, sku, name, unit_price, currency, tax_class, created_at, updated_at)
           VALUES ('p1', 'OWN-1', 'Our own product', 500, 'CAD', 'standard', 1, 1)`,
        )
        .run(),
    );
    const withCatalog = openDatabase(file);
    expect(setupRow(withCatalog)).toBeDefined();
    expect(count(withCatalog, 'products')).toBe(15);
    withCatalog.close();

    dir.cleanup();
    dir = tempDir();
    file = join(dir.path, 'till.sqlite');
    logFromBeforeSetup((db) =>
      db
        .prepare("INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES ('owner', 'Owner', 'owner', 'x', 1)")
        .run(),
    );
    const withPin = openDatabase(file);
    expect(setupRow(withPin)).toBeDefined();
    withPin.close();
  });

  it('takes the untouched demo shop out of a log that never sold, so it is set up like a new one', () => {
    logFromBeforeSetup();
    const db = openDatabase(file);
    try {
      expect(setupRow(db)).toBeUndefined();
      expect(count(db, 'products')).toBe(0);
      expect(count(db, 'tax_rates')).toBe(0);
    } finally {
      db.close();
    }
  });
});
