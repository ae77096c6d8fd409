/**
 * First run: the shop, its taxes and the owner, written in one transaction, after which Till opens. Until then
 * every channel but set-up's own refuses (setup-gate.ts), so nobody can sell, or set the owner PIN, first.
 */
import type { Mode, ParsedInput, SetupStatus } from '#shared/contract';
import type { AuditLog } from '../db/audit-log';
import type { Db } from '../db/open';
import { DEMO_SHOP, DEMO_TAX_RATES, insertDemoProducts } from '../db/seed-demo-catalog';
import { conflict } from '../errors';
import type { TaxQueries } from '../orders/tax-queries';
import { hashPin } from '../owner/owner-pin';
import type { SettingsStore } from '../settings/settings-store';

export interface SetupDeps {
  db: Db;
  mode: Mode;
  settings: SettingsStore;
  taxRates: TaxQueries;
  audit: AuditLog;
  now?: () => number;
}

export function createSetupService({ db, mode, settings, taxRates, audit, now = Date.now }: SetupDeps) {
  const setupRow = db.prepare<[], string>("SELECT value FROM settings WHERE key = 'setup'").pluck();
  const markDone = db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('setup', ?, ?)");
  const clearRates = db.prepare('DELETE FROM tax_rates');
  const addRate = db.prepare('INSERT INTO tax_rates (tax_class, name, rate_bp, sort_order) VALUES (?, ?, ?, ?)');
  const saveOwner = db.prepare(
    `INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES ('owner', ?, 'owner', ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash`,
  );
  const productCount = db.prepare<[], number>('SELECT count(*) FROM products').pluck();
  // Once done, set-up stays done: the answer is kept rather than read on every call.
  let done = setupRow.get() !== undefined;

  const status = (): SetupStatus => ({ done, demoAvailable: mode === 'training' });

  const write = db.transaction((input: ParsedInput<'setup.complete'>, pinHash: string) => {
    if (setupRow.get() !== undefined) throw alreadyDone();
    const at = now();
    const demo = input.start === 'demo';
    const shop = demo ? DEMO_SHOP : input.shop;
    const rates = demo ? DEMO_TAX_RATES.map(([taxClass, name, rateBp]) => ({ taxClass, name, rateBp })) : input.taxes;
    settings.setShop({ ...shop, locale: 'en-CA' });
    clearRates.run();
    rates.forEach((rate, index) => addRate.run(rate.taxClass, rate.name, rate.rateBp, index));
    if (demo && productCount.get() === 0) insertDemoProducts(db, at);
    saveOwner.run(input.owner.name, pinHash, at);
    markDone.run(JSON.stringify({ completedAt: at, how: demo ? 'demo_shop' : 'own_shop' }), at);
    audit.record('owner', 'setup.completed', null, {
      start: input.start,
      currency: shop.currency,
      taxes: rates.length,
    });
    audit.record('owner', 'owner.pin_set', null);
  });

  return {
    status,
    isDone: () => done,
    async complete(input: ParsedInput<'setup.complete'>): Promise<SetupStatus> {
      if (done) throw alreadyDone();
      if (input.start === 'demo' && mode !== 'training') {
        throw conflict(
          'The demo shop is for training mode only: with Stripe keys, Till starts with your own shop and an empty catalog.',
        );
      }
      const pinHash = await hashPin(input.owner.pin);
      write.immediate(input, pinHash);
      taxRates.forget();
      done = true;
      return status();
    },
  };
}
export type SetupService = ReturnType<typeof createSetupService>;

const alreadyDone = () =>
  conflict('Till is already set up. The shop and the owner PIN are changed in the settings, with the owner PIN.');
