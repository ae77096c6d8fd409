import { z } from 'zod';
import type { Db } from '../db/open';

const ShopSettings = z.object({
  name: z.string(),
  city: z.string(),
  currency: z.string().length(3),
  locale: z.string(),
});
export type ShopSettings = z.infer<typeof ShopSettings>;

const PaymentSettings = z.object({
  /** Mark phone payments as MOTO (out of SCA scope). Stripe must have enabled MOTO on the account first. */
  motoEnabled: z.boolean(),
  /** How Stripe's events reach Till. */
  eventSource: z.enum(['events_api', 'stripe_cli']).default('events_api'),
});
export type PaymentSettings = z.infer<typeof PaymentSettings>;

/** Settings are JSON values under a key; each key has a schema, so a hand-edited row cannot crash Till. */
export function createSettingsRepository(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return {
    shop(): ShopSettings {
      const row = get.get('shop');
      return ShopSettings.parse(row ? JSON.parse(row.value) : undefined);
    },
    payments(): PaymentSettings {
      const row = get.get('payments');
      return PaymentSettings.parse(row ? JSON.parse(row.value) : { motoEnabled: false });
    },
    setPayments(value: PaymentSettings): void {
      put.run('payments', JSON.stringify(PaymentSettings.parse(value)), Date.now());
    },
  };
}
export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
