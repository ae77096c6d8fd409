import { z } from 'zod';
import type { Db } from '../db/open';

/** The shop set-up describes. Logs from before set-up existed hold only name, city, currency and locale. */
const ShopSettings = z.object({
  name: z.string(),
  address: z.string().default(''),
  city: z.string().optional(),
  phone: z.string().default(''),
  taxNumbers: z.array(z.object({ label: z.string(), number: z.string() })).default([]),
  currency: z.string().length(3),
  locale: z.string().default('en-CA'),
});
export type ShopSettings = z.infer<typeof ShopSettings>;

const PaymentSettings = z.object({
  /** Mark phone payments as MOTO (out of SCA scope). Stripe must have enabled MOTO on the account first. */
  motoEnabled: z.boolean(),
  /** How Stripe's events reach Till. */
  eventSource: z.enum(['events_api', 'stripe_cli']).default('events_api'),
  /** How long a payment link stays payable: Stripe takes 30 minutes to 24 hours. */
  linkMinutes: z.number().int().min(30).max(1440).default(60),
  /** Where Stripe sends the customer after paying a link: the shop's own page (a desktop till hosts none). */
  linkReturnUrl: z.string().nullable().default(null),
});
export type PaymentSettings = z.infer<typeof PaymentSettings>;

const SecuritySettings = z.object({
  /** Minutes with nobody using Till before it locks itself. */
  autoLockMinutes: z.number().int().min(1).max(240).default(10),
});
export type SecuritySettings = z.infer<typeof SecuritySettings>;

const UpdateSettings = z.object({
  /** Off by default: a shop's till changes only when its owner chooses (the Electron shell reads this). */
  checkForUpdates: z.boolean().default(false),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

/**
 * Settings are JSON values under a key; each key has a schema, so a hand-edited row cannot crash Till.
 * Every payment reads them, and only this store writes them, so each is parsed once and kept.
 */
export function createSettingsStore(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  let shop: ShopSettings | null = null;
  let payments: PaymentSettings | null = null;
  let security: SecuritySettings | null = null;
  let updates: UpdateSettings | null = null;
  return {
    shop(): ShopSettings {
      if (!shop) {
        const row = get.get('shop');
        // Before set-up there is no shop yet: a nameless one in set-up's default currency.
        shop = ShopSettings.parse(row ? JSON.parse(row.value) : { name: '', currency: 'CAD' });
      }
      return shop;
    },
    setShop(value: z.input<typeof ShopSettings>): void {
      const parsed = ShopSettings.parse(value);
      put.run('shop', JSON.stringify(parsed), Date.now());
      shop = parsed;
    },
    payments(): PaymentSettings {
      if (!payments) {
        const row = get.get('payments');
        payments = PaymentSettings.parse(row ? JSON.parse(row.value) : { motoEnabled: false });
      }
      return payments;
    },
    setPayments(value: PaymentSettings): void {
      const parsed = PaymentSettings.parse(value);
      put.run('payments', JSON.stringify(parsed), Date.now());
      payments = parsed;
    },
    security(): SecuritySettings {
      if (!security) {
        const row = get.get('security');
        security = SecuritySettings.parse(row ? JSON.parse(row.value) : {});
      }
      return security;
    },
    setSecurity(value: SecuritySettings): void {
      const parsed = SecuritySettings.parse(value);
      put.run('security', JSON.stringify(parsed), Date.now());
      security = parsed;
    },
    updates(): UpdateSettings {
      if (!updates) {
        const row = get.get('updates');
        updates = UpdateSettings.parse(row ? JSON.parse(row.value) : {});
      }
      return updates;
    },
    setUpdates(value: UpdateSettings): void {
      const parsed = UpdateSettings.parse(value);
      put.run('updates', JSON.stringify(parsed), Date.now());
      updates = parsed;
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
