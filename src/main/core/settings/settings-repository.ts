import { z } from 'zod';
import type { Db } from '../db/open';

const ShopSettings = z.object({
  name: z.string(),
  city: z.string(),
  currency: z.string().length(3),
  locale: z.string(),
});
export type ShopSettings = z.infer<typeof ShopSettings>;

/** Settings are JSON values under a key; each key has a schema, so a hand-edited row cannot crash Till. */
export function createSettingsRepository(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  return {
    shop(): ShopSettings {
      const row = get.get('shop');
      return ShopSettings.parse(row ? JSON.parse(row.value) : undefined);
    },
  };
}
export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
