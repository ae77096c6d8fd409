import type { Migration } from '../migrate';
import { DEMO_SKUS } from '../seed-demo-catalog';

/**
 * Set-up (setup/setup-service.ts) now makes the shop: until it is done, Till opens nothing else. Migration 1 put
 * the demo shop into every order log, so this one decides from what is there:
 * - a log that already took orders, has an owner PIN, or holds products of its own is a shop already selling:
 *   it counts as set up, and upgrading never shows it set-up;
 * - a log with nothing but migration 1's demo shop (every new log, as this migration runs right after it) has its
 *   demo shop taken out again, so set-up starts from an empty catalog (training mode offers the demo back).
 */
export const setupState: Migration = {
  version: 6,
  name: 'setup-state',
  up(db) {
    const count = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    const skus = DEMO_SKUS.map(() => '?').join(', ');
    const inUse =
      count('SELECT count(*) FROM orders') > 0 ||
      count('SELECT count(*) FROM staff WHERE pin_hash IS NOT NULL') > 0 ||
      count(`SELECT count(*) FROM products WHERE sku NOT IN (${skus})`, ...DEMO_SKUS) > 0;
    if (inUse) {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('setup', ?, ?)").run(
        JSON.stringify({ completedAt: Date.now(), how: 'existing_log' }),
        Date.now(),
      );
      return;
    }
    db.exec(`
      DELETE FROM products;
      DELETE FROM tax_rates;
      DELETE FROM settings WHERE key = 'shop';
      DELETE FROM staff WHERE pin_hash IS NULL;
    `);
  },
};
