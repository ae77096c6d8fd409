/**
 * A log of orders as an accountant meets it, for the export's test and bench: one to four lines each, of every tax
 * class (GST and PST, GST only, zero-rated), priced by tax.ts as checkout prices them; most paid, some declined or
 * still open, some refunded in part or in full, a few disputed; names and descriptions with commas, quotes, line
 * breaks and formula starts. Written straight through the order store, as the history bench writes its log.
 */
import type { Db } from '#core/db/open';
import { createOrderStore } from '#core/orders/order-store';
import { computeTaxes } from '#core/orders/tax';
import { createTaxQueries } from '#core/orders/tax-queries';
import { createAttemptStore } from '#core/payments/attempt-store';
import type { Quote, TaxClass } from '#shared/contract';
import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { seededRandom } from './random';

const DAY = 86_400_000;
const NAMES = ['Ada Lovelace', 'Dune, Cara "CD"', '=HYPERLINK("http://evil")', 'Émile Zola', 'Finn\nMertens'];
const ITEMS: { sku: string; description: string; unitPrice: number; taxClass: TaxClass }[] = [
  { sku: 'GLV-01', description: 'Nitrile gloves, box of 100', unitPrice: 1_899, taxClass: 'standard' },
  { sku: 'VST-02', description: 'Hi-vis vest "class 2"', unitPrice: 2_450, taxClass: 'standard' },
  { sku: 'BK-03', description: 'First aid manual', unitPrice: 3_995, taxClass: 'gst_only' },
  { sku: 'FD-04', description: 'Water, 24 bottles', unitPrice: 599, taxClass: 'zero_rated' },
  { sku: '-SALE', description: '+Clearance: hard hat', unitPrice: 1_001, taxClass: 'standard' },
];

export function writeMixedOrders(db: Db, count: number, { seed = 17, days = 365 } = {}): void {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const orders = createOrderStore(db);
  const attempts = createAttemptStore(db);
  const table = createTaxQueries(db).table();
  const setCreated = db.prepare('UPDATE orders SET created_at = ? WHERE id = ?');
  const now = Date.now();
  orders.transaction(() => {
    for (let i = 0; i < count; i++) {
      const createdAt = now - Math.floor(((count - i) / count) * days * DAY);
      const id = timeOrderedIdAt(createdAt);
      const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const item = pick(ITEMS);
        const quantity = 1 + Math.floor(random() * 3);
        return { ...item, productId: null, quantity, subtotal: item.unitPrice * quantity };
      });
      const taxes = computeTaxes(lines, table);
      const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0);
      const quote: Quote = {
        currency: 'CAD',
        lines: lines.map((line, n) => ({
          ...line,
          tax: taxes.lineTaxes[n]!,
          total: line.subtotal + taxes.lineTaxes[n]!,
        })),
        subtotal,
        taxes: taxes.taxes.map(({ name, rateBp, amount }) => ({ name, rateBp, amount })),
        taxTotal: taxes.taxTotal,
        total: subtotal + taxes.taxTotal,
      };
      const name = `${pick(NAMES)} ${i}`;
      const phone = random() < 0.2 ? `+1 250 555 ${String(i % 10_000).padStart(4, '0')}` : '250 555 0101';
      orders.create(id, quote, { name, phone, email: `c${i}@example.com` }, '', 'system');
      setCreated.run(createdAt, id);
      const roll = random();
      if (roll < 0.03) continue; // still open: the clerk walked away
      const paid = roll >= 0.1;
      const attempt = attempts.begin(id, quote.total, 'CAD', { kind: 'create', paymentIntentId: null, params: {} });
      const intent = `pi_mixed${i}`;
      attempts.finish(attempt.id, {
        status: paid ? 'succeeded' : 'failed',
        paymentIntentId: intent,
        cardBrand: 'visa',
        cardLast4: String(1000 + (i % 9000)),
      });
      orders.setPaymentIntent(id, intent);
      orders.advancePayment(id, paid ? 'paid' : 'failed');
      if (!paid) continue;
      const after = random();
      if (after < 0.06) orders.setAmountRefunded(id, Math.floor(quote.total / 3), { onlyUp: true });
      else if (after < 0.08) orders.setAmountRefunded(id, quote.total, { onlyUp: true });
      else if (after < 0.09) {
        orders.recordDispute(id, {
          status: random() < 0.5 ? 'lost' : 'won',
          amount: quote.total,
          reason: 'fraudulent',
        });
      }
    }
  });
}
