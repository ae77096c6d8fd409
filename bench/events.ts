/**
 * `npx tsx bench/events.ts`: how fast the event processor takes in Stripe events, as the poller hands them over
 * (pages of 100), with 30% of deliveries repeated and everything shuffled. Target: at least 10,000 events/s.
 */
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { createTill } from '../src/main/core/create-till';
import { createLogger } from '../src/main/core/log';
import { createOrderStore } from '../src/main/core/orders/order-store';
import { previewShell } from '../src/web/preview-shell';
import { tempDir } from '../test/support/temp-dir';

process.setSourceMapsEnabled(false);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const DUPLICATE_SHARE = 0.3;
const PAGE = 100;

let seed = 20261122;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

function event(type: string, created: number, object: Record<string, unknown>): Stripe.Event {
  return {
    id: `evt_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
}

async function main() {
  const dir = tempDir('till-bench-events-');
  const till = createTill({
    dataDir: dir.path,
    version: 'bench',
    env: {},
    logger: createLogger({ level: 'silent' }),
    shell: previewShell,
  });
  const orders = createOrderStore(till.db);
  const productId = till.db.prepare("SELECT id FROM products WHERE sku = 'HH-100'").pluck().get() as string;
  const quote = {
    currency: 'CAD',
    lines: [
      {
        productId,
        sku: 'HH-100',
        description: 'Hard hat',
        quantity: 1,
        unitPrice: 2895,
        taxClass: 'gst_only' as const,
        subtotal: 2895,
        tax: 145,
        total: 3040,
      },
    ],
    subtotal: 2895,
    taxes: [{ name: 'GST', rateBp: 500, amount: 145 }],
    taxTotal: 145,
    total: 3040,
  };

  // A realistic day's mix: most orders paid, some declined first, some refunded, a few disputed.
  const unique: Stripe.Event[] = [];
  const start = Math.floor(Date.now() / 1000) - 86_400;
  till.db.transaction(() => {
    for (let i = 0; i < ORDERS; i++) {
      const id = randomUUID();
      const pi = `pi_${id.replaceAll('-', '').slice(0, 24)}`;
      orders.create(id, quote, { name: 'Bench', phone: '2505550101', email: '' }, '', 'bench');
      orders.setPaymentIntent(id, pi);
      const t = start + i;
      const intent = { id: pi, object: 'payment_intent', amount: 3040, metadata: { till_order_id: id } };
      if (random() < 0.15) {
        unique.push(
          event('payment_intent.payment_failed', t, {
            ...intent,
            status: 'requires_payment_method',
            last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' },
          }),
        );
      }
      unique.push(event('payment_intent.succeeded', t + 1, { ...intent, status: 'succeeded' }));
      if (random() < 0.2) {
        const refund = { id: `re_${i}`, object: 'refund', amount: 1000, currency: 'cad', status: 'succeeded' };
        unique.push(event('refund.created', t + 2, { ...refund, payment_intent: pi, reason: null }));
        unique.push(
          event('charge.refunded', t + 2, {
            id: `ch_${i}`,
            object: 'charge',
            payment_intent: pi,
            amount_refunded: 1000,
          }),
        );
      }
      if (random() < 0.02) {
        unique.push(
          event('charge.dispute.created', t + 3, {
            id: `dp_${i}`,
            object: 'dispute',
            payment_intent: pi,
            amount: 3040,
            reason: 'fraudulent',
            status: 'needs_response',
          }),
        );
      }
    }
  })();

  const duplicates = Math.round((unique.length * DUPLICATE_SHARE) / (1 - DUPLICATE_SHARE));
  const deliveries = [
    ...unique,
    ...Array.from({ length: duplicates }, () => unique[Math.floor(random() * unique.length)]!),
  ];
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
  }

  const pageTimes: number[] = [];
  let stored = 0;
  let repeated = 0;
  const started = performance.now();
  for (let i = 0; i < deliveries.length; i += PAGE) {
    const pageStart = performance.now();
    const result = till.events.ingest(deliveries.slice(i, i + PAGE), 'events_api');
    pageTimes.push(performance.now() - pageStart);
    stored += result.stored;
    repeated += result.duplicates;
  }
  const seconds = (performance.now() - started) / 1000;
  pageTimes.sort((a, b) => a - b);

  console.log(`\nEvent ingestion: ${deliveries.length} deliveries for ${ORDERS} orders, pages of ${PAGE}\n`);
  console.table({
    'deliveries (incl. repeats)': deliveries.length,
    'new events stored': stored,
    'repeats dropped': repeated,
    'repeat share': `${((repeated / deliveries.length) * 100).toFixed(1)}%`,
    'events/s (all deliveries)': Math.round(deliveries.length / seconds),
    'ms per page, median': pageTimes[Math.floor(pageTimes.length / 2)]!.toFixed(2),
    'ms per page, p99': pageTimes[Math.floor(pageTimes.length * 0.99)]!.toFixed(2),
  });
  console.log('target: at least 10,000 events/s');
  await till.close();
  dir.cleanup();
}

await main();
