import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

/**
 * The demo shop: a safety-supply store in Kamloops, BC, prices in CAD. Migration 1 gave it to every order log;
 * now training mode's set-up offers it ("Start with the demo shop", setup/setup-service.ts).
 * Much worker safety gear is exempt from BC's PST, so those products carry only GST ('gst_only').
 */
const SHOP = { name: 'Thompson Valley Safety Supply', city: 'Kamloops, BC', currency: 'CAD', locale: 'en-CA' };

/** The demo shop as set-up writes it: everything a receipt prints (the address and numbers are made up). */
export const DEMO_SHOP = {
  name: SHOP.name,
  address: '845 Laval Crescent\nKamloops, BC V2C 5P2',
  phone: '250-555-0142',
  taxNumbers: [
    { label: 'GST/HST', number: '123456789 RT0001' },
    { label: 'PST', number: 'PST-1234-5678' },
  ],
  currency: SHOP.currency,
};

export const DEMO_TAX_RATES: [taxClass: 'standard' | 'gst_only', name: string, rateBp: number][] = [
  ['standard', 'GST', 500],
  ['standard', 'PST', 700],
  ['gst_only', 'GST', 500],
];

const PRODUCTS: [sku: string, name: string, description: string, unitPrice: number, taxClass: string][] = [
  ['HH-100', 'Hard hat, Type 1 Class E', 'White, ratchet suspension, CSA Z94.1', 2895, 'gst_only'],
  ['HV-220', 'Hi-vis safety vest', 'Orange, CSA Z96 Class 2, zip front', 1895, 'gst_only'],
  ['SG-310', 'Safety glasses, anti-fog', 'Clear lens, CSA Z94.3', 899, 'gst_only'],
  ['GL-410', 'Cut-resistant gloves', 'ANSI A4, nitrile palm, per pair', 1495, 'gst_only'],
  ['BT-510', 'Steel-toe work boots', 'CSA green patch, 8 inch, waterproof', 18999, 'gst_only'],
  ['EP-600', 'Foam ear plugs', 'NRR 32, box of 200 pairs', 4250, 'gst_only'],
  ['RS-150', 'N95 respirators', 'NIOSH approved, box of 20', 3495, 'gst_only'],
  ['FH-900', 'Fall arrest harness', 'Full body, 5-point adjustment, CSA Z259.10', 14900, 'gst_only'],
  ['FA-700', 'First aid kit, BC Basic', 'WorkSafeBC Basic kit for 2-15 workers', 6995, 'standard'],
  ['FE-800', 'Fire extinguisher, 5 lb ABC', 'With wall bracket, ULC rated', 5995, 'standard'],
  ['TP-250', 'Barricade tape, CAUTION', 'Yellow, 3 in x 300 m', 1299, 'standard'],
  ['SP-350', 'Spill kit, 20 gallon', 'Universal absorbents in a wheeled bin', 12999, 'standard'],
  ['GC-050', 'Gift card, $50', 'Redeemable in store', 5000, 'zero_rated'],
];

const ARCHIVED_PRODUCTS: typeof PRODUCTS = [
  ['LG-099', 'Welding goggles (discontinued)', 'Shade 5, replaced by face shields', 2499, 'gst_only'],
];

/** Every SKU the demo shop has, archived or not: what tells migration 6 the demo catalog from a shop's own. */
export const DEMO_SKUS = [...PRODUCTS, ...ARCHIVED_PRODUCTS].map(([sku]) => sku);

export function seedDemoCatalog(db: Database, now: number): void {
  const setting = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
  setting.run('shop', JSON.stringify(SHOP), now);

  const rate = db.prepare('INSERT INTO tax_rates (tax_class, name, rate_bp, sort_order) VALUES (?, ?, ?, ?)');
  DEMO_TAX_RATES.forEach(([taxClass, name, rateBp], index) => rate.run(taxClass, name, rateBp, index));

  db.prepare('INSERT INTO staff (id, name, role, created_at) VALUES (?, ?, ?, ?)').run(
    randomUUID(),
    'Owner',
    'owner',
    now,
  );

  insertDemoProducts(db, now);
}

/** The demo shop's products (and one archived one, as a shop that has been selling a while has). */
export function insertDemoProducts(db: Database, now: number): void {
  const product = db.prepare(
    `INSERT INTO products (id, sku, name, description, unit_price, currency, tax_class, archived, sort_order,
                           created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insert = (rows: typeof PRODUCTS, archived: number) =>
    rows.forEach(([sku, name, description, unitPrice, taxClass], index) =>
      product.run(randomUUID(), sku, name, description, unitPrice, SHOP.currency, taxClass, archived, index, now, now),
    );
  insert(PRODUCTS, 0);
  insert(ARCHIVED_PRODUCTS, 1);
}
