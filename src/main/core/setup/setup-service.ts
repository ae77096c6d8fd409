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
import type { Caller } from '../ipc/caller';
import { OWNER_ID } from '../owner/owner-pin';
import { hashPin } from '../staff/pin-hash';
import type { SettingsStore } from '../settings/settings-store';

/**
 * A shop set up on one order log, taken to the next when the owner changes Stripe keys (a new account or mode opens
 * a new log): the shop's details, its taxes and the owner with the same PIN. Not the catalog, orders or staff
 * beyond the owner: each log keeps its own. Nothing is carried from the demo shop: with real keys the owner sets up
 * their own.
 */
export interface CarriedShop {
  shop: ReturnType<SettingsStore['shop']>;
  rates: { taxClass: string; name: string; rateBp: number }[];
  owner: { name: string; pinHash: string };
  /** The rest of the staff, so they sign in on the new log as on the old one. */
  staff?: { id: string; name: string; role: string; pinHash: string | null; active: number; createdAt: number }[];
}

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
  const selectRates = db.prepare<[], CarriedShop['rates'][number]>(
    'SELECT tax_class AS taxClass, name, rate_bp AS rateBp FROM tax_rates ORDER BY sort_order',
  );
  const selectOwner = db.prepare<[], { name: string; pinHash: string | null }>(
    "SELECT name, pin_hash AS pinHash FROM staff WHERE id = 'owner'",
  );
  const selectStaff = db.prepare<[], NonNullable<CarriedShop['staff']>[number]>(
    `SELECT id, name, role, pin_hash AS pinHash, active, created_at AS createdAt FROM staff WHERE id <> 'owner'`,
  );
  const insertStaff = db.prepare(
    `INSERT OR IGNORE INTO staff (id, name, role, pin_hash, active, created_at)
     VALUES (@id, @name, @role, @pinHash, @active, @createdAt)`,
  );
  // Once done, set-up stays done: the answer is kept rather than read on every call.
  let done = setupRow.get() !== undefined;

  const status = (): SetupStatus => ({ done, demoAvailable: mode === 'training' });

  const write = db.transaction((input: ParsedInput<'setup.complete'>, pinHash: string, caller: Caller) => {
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
    // The owner typed their PIN twice on this screen: what set-up did is theirs.
    const owner: Caller = { ...caller, staff: { id: OWNER_ID, name: input.owner.name, role: 'owner' } };
    audit.record(owner, 'setup.completed', null, {
      start: input.start,
      currency: shop.currency,
      taxes: rates.length,
    });
    audit.record(owner, 'owner.pin_set', null);
  });

  const adopt = db.transaction((carried: CarriedShop) => {
    if (setupRow.get() !== undefined) return;
    const at = now();
    settings.setShop(carried.shop);
    clearRates.run();
    carried.rates.forEach((rate, index) => addRate.run(rate.taxClass, rate.name, rate.rateBp, index));
    saveOwner.run(carried.owner.name, carried.owner.pinHash, at);
    for (const member of carried.staff ?? []) insertStaff.run(member);
    markDone.run(JSON.stringify({ completedAt: at, how: 'carried_over' }), at);
    audit.record('system', 'setup.carried_over', null, {
      currency: carried.shop.currency,
      taxes: carried.rates.length,
    });
  });

  return {
    status,
    isDone: () => done,
    /** This log's shop, to take to the next log; null before set-up, for the demo shop, or without an owner PIN. */
    carry(): CarriedShop | null {
      const how = setupRow.get();
      const owner = selectOwner.get();
      if (!how || JSON.parse(how).how === 'demo_shop' || !owner?.pinHash) return null;
      return {
        shop: settings.shop(),
        rates: selectRates.all(),
        owner: { name: owner.name, pinHash: owner.pinHash },
        staff: selectStaff.all(),
      };
    },
    /** Sets up a fresh log with the shop carried from the last one; a log already set up keeps its own. */
    adopt(carried: CarriedShop): void {
      if (done) return;
      adopt.immediate(carried);
      taxRates.forget();
      done = true;
    },
    async complete(input: ParsedInput<'setup.complete'>, caller: Caller): Promise<SetupStatus> {
      if (done) throw alreadyDone();
      if (input.start === 'demo' && mode !== 'training') {
        throw conflict(
          'The demo shop is for training mode only: with Stripe keys, Till starts with your own shop and an empty catalog.',
        );
      }
      const pinHash = await hashPin(input.owner.pin);
      write.immediate(input, pinHash, caller);
      taxRates.forget();
      done = true;
      return status();
    },
  };
}
export type SetupService = ReturnType<typeof createSetupService>;

const alreadyDone = () =>
  conflict('Till is already set up. The shop and the owner PIN are changed in the settings, with the owner PIN.');
