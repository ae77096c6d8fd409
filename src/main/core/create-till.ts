/**
 * Wires Till's Electron-free services together. Electron's main process and the browser preview both call
 * this once and then only talk to what it returns, so everything here runs (and is tested) in plain Node.
 */
import { join, resolve } from 'node:path';
import type { Mode } from '../../shared/contract';
import { createCatalogQueries } from './catalog/catalog-queries';
import { createAuditLog } from './db/audit-log';
import { backupOrderLog } from './db/backup';
import { startCheckpointer } from './db/checkpointer';
import { createDurability } from './db/durability';
import { openDatabase, type Db } from './db/open';
import { conflict, notFound, TillFailure } from './errors';
import type { Handlers } from './ipc/dispatch';
import { createLogger, type Logger } from './log';
import { createOrderStore } from './orders/order-store';
import { createOrdersQueries } from './orders/orders-queries';
import { createOrderTimeline } from './orders/order-timeline';
import { localDay } from '../../shared/local-day';
import { ordersCsv } from './orders/orders-csv';
import { priceCart } from './orders/pricing';
import { createTaxQueries } from './orders/tax-queries';
import { createAttemptStore } from './payments/attempt-store';
import { createCheckoutService, type CheckoutService } from './payments/checkout-service';
import { createRefundService, refundableAmount } from './payments/refund-service';
import { createRefundStore } from './payments/refund-store';
import { createStripeClient, type StripeConnection } from './payments/stripe-client';
import type { RetryPolicy } from './payments/stripe-call';
import { createEventProcessor, type EventProcessor } from './events/event-processor';
import { createEventsApiPoller } from './events/events-api-poller';
import { createStripeCliListener } from './events/stripe-cli-listener';
import { createReconciler, type Reconciler } from './events/reconciler';
import type { EventSource, EventSourceKind } from './events/source-health';
import { createPushHub, type PushHub } from './push/push-hub';
import { createOwnerPin } from './security/owner-pin';
import { createSettingsStore } from './settings/settings-store';
import { modeForKeys, stripeKeysFromEnv } from './stripe-keys';

export interface TillConfig {
  /** Where the order log lives: Electron's userData folder, or TILL_DATA_DIR in the browser preview. */
  dataDir: string;
  version: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /**
   * How to reach Stripe. Hosts pass the simulator's connection in training mode; with keys in the environment
   * (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY) Till connects to Stripe itself.
   */
  stripe?: StripeConnection;
  /** Tests shorten the pauses between retries of a Stripe call. */
  stripeRetry?: RetryPolicy;
  /** What only the host can do (open windows, save files). */
  shell: TillShell;
}

export interface SaveDialogOptions {
  title: string;
  defaultName: string;
  /** What the file is, in words ("PDF"), and its extensions without dots. */
  kind: { name: string; extensions: string[] };
}

export interface TillShell {
  kind: 'electron' | 'browser';
  openHistory(): { url: string | null };
  /** Saves the receipt on screen as a PDF where the user chooses; null when they cancel. */
  saveReceiptPdf(order: { id: string; number: number }): Promise<{ path: string | null }>;
  /**
   * Saves a CSV file where the user chooses (path; null when they cancel), or, where the host cannot save files,
   * hands the text back for the page to download (csv).
   */
  saveCsv(fileName: string, content: string): Promise<{ path: string | null; csv: string | null }>;
  /** Asks the user where to save a file; null when they cancel. */
  chooseSavePath(options: SaveDialogOptions): Promise<string | null>;
}

export interface Till {
  readonly db: Db;
  readonly mode: Mode;
  readonly handlers: Handlers;
  readonly push: PushHub;
  readonly log: Logger;
  readonly checkout: CheckoutService | null;
  readonly events: EventProcessor;
  readonly reconciler: Reconciler | null;
  /** Starts the event source and periodic reconciliation (hosts call this; tests drive them by hand). */
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

/** Open orders are checked against Stripe this often, on top of the check at start-up. */
export const RECONCILE_INTERVAL_MS = 3 * 60 * 1000;

const noSource = { source: 'none', connected: false, lastEventAt: null, lastError: null } as const;

export const DATABASE_FILE = 'till.sqlite';

/** The keys in the environment, if any, decide the mode; otherwise the host's connection (the simulator) does. */
export function resolveStripeConnection(config: Pick<TillConfig, 'env' | 'stripe'>): StripeConnection | null {
  const keys = stripeKeysFromEnv(config.env ?? process.env);
  const mode = modeForKeys(keys);
  if (mode !== 'training') {
    return {
      mode,
      secretKey: keys.secretKey!,
      publishableKey: keys.publishableKey!,
      webhookSecret: keys.webhookSecret,
    };
  }
  return config.stripe ?? null;
}

export function createTill(config: TillConfig): Till {
  const log = config.logger ?? createLogger({ file: join(config.dataDir, 'logs', 'till.log') });
  const connection = resolveStripeConnection(config);
  const mode: Mode = connection?.mode ?? 'training';
  const databaseFile = join(config.dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile);
  const checkpointer = startCheckpointer(db, log);
  const durability = createDurability(db, checkpointer.written);
  const catalog = createCatalogQueries(db);
  const ordersView = createOrdersQueries(db);
  const timeline = createOrderTimeline(db);
  const orders = createOrderStore(db);
  const audit = createAuditLog(db);
  const ownerPin = createOwnerPin(db, audit);
  const attempts = createAttemptStore(db);
  const settings = createSettingsStore(db);
  const taxRates = createTaxQueries(db);
  const push = createPushHub();
  const price = (cart: Parameters<typeof priceCart>[0]) =>
    priceCart(cart, catalog, taxRates.table(), settings.shop().currency);

  const stripe = connection ? createStripeClient(connection, config.version) : null;
  const events = createEventProcessor({ db, durability, orders, attempts, push, log });
  const checkout = stripe
    ? createCheckoutService({
        stripe,
        orders,
        attempts,
        audit,
        durability,
        price,
        motoEnabled: () => settings.payments().motoEnabled,
        push,
        log,
        retry: config.stripeRetry,
      })
    : null;
  const refunds = stripe
    ? createRefundService({
        stripe,
        orders,
        refunds: createRefundStore(db),
        audit,
        durability,
        ownerPin,
        push,
        log,
        retry: config.stripeRetry,
      })
    : null;
  const reconciler =
    stripe && checkout && refunds
      ? createReconciler({ stripe, db, orders, attempts, checkout, refunds, log, retry: config.stripeRetry })
      : null;

  let source: EventSource | null = null;
  let reconcileTimer: NodeJS.Timeout | null = null;
  const reconcile = () =>
    reconciler
      ?.run()
      .then((report) => {
        // Events that arrived before the log knew their PaymentIntent (settled or restored just now) apply now.
        const adopted = events.adoptUnmatched().length;
        if (report.restored || report.settled || adopted) {
          log.info({ ...report, adopted }, 'reconciled the order log with Stripe');
        }
      })
      .catch((error: unknown) => log.warn({ err: error }, 'reconciliation failed; will retry'));

  /** `healthTo` is where the poller reports its health: the windows, or nowhere for the CLI's catch-up poller. */
  const makePoller = (healthTo: PushHub = push) =>
    createEventsApiPoller({
      stripe: stripe!,
      processor: events,
      db,
      push: healthTo,
      log,
      onRetentionGap: (lastPolledAt) => {
        const message =
          `Till was closed from ${new Date(lastPolledAt).toLocaleDateString()} for longer than Stripe keeps ` +
          'events (30 days). Payments, refunds or disputes from that time may be missing: check them in Stripe.';
        audit.record('system', 'events.retention_gap', null, { lastPolledAt });
        push.publish('events.health', { ...(source?.health() ?? noSource), lastError: message });
        log.warn({ lastPolledAt }, 'event retention gap');
      },
    });
  const makeSource = (kind: EventSourceKind): EventSource => {
    if (kind === 'events_api') return makePoller();
    // `stripe listen` does not replay what happened while it was down: catch up from the Events API each time
    // it (re)connects.
    // Its health is not the source's: the status bar shows the CLI's.
    const catchUp = makePoller(createPushHub());
    return createStripeCliListener({
      secretKey: connection!.secretKey,
      apiBase: connection!.apiBase,
      processor: events,
      stripe: stripe!,
      push,
      log,
      onReady: () =>
        void catchUp.pollOnce().catch((error: unknown) => log.warn({ err: error }, 'catch-up poll failed')),
    });
  };
  /** Stops the running source, if any, and starts the chosen one. */
  async function useSource(kind: EventSourceKind) {
    await source?.stop();
    source = makeSource(kind);
    source.start();
    push.publish('events.health', source.health());
  }

  const payments = () => {
    if (checkout && refunds && connection) return { checkout, refunds, connection };
    throw new TillFailure({
      code: 'stripe_unreachable',
      message: 'Payments are not set up: no Stripe keys were found and the training simulator is not running.',
    });
  };

  const handlers: Handlers = {
    'app.info': () => {
      const shop = settings.shop();
      return {
        version: config.version,
        mode,
        dataDir: config.dataDir,
        currency: shop.currency,
        shopName: shop.name,
        host: config.shell.kind,
      };
    },
    'catalog.list': (input) => catalog.list(input),
    'orders.list': (input) => ordersView.list(input),
    'orders.get': ({ orderId }) => {
      const order = orders.get(orderId);
      if (!order) throw notFound('No such order.');
      return {
        ...order,
        card: attempts.card(orderId),
        refundable: refunds ? refundableAmount(order) : 0,
        timeline: timeline.of(orderId),
      };
    },
    'orders.exportCsv': async (filter) => {
      const rows = ordersView.exportRows(filter);
      const fileName = `Till-orders-${localDay(Date.now())}.csv`;
      const saved = await config.shell.saveCsv(fileName, ordersCsv(rows));
      // Customer details left the app: the audit log says how many and which filters, not what was searched for.
      if (saved.path || saved.csv) {
        audit.record('owner', 'orders.exported', null, { rows: rows.length, filters: Object.keys(filter ?? {}) });
      }
      return { ...saved, fileName, rows: rows.length };
    },
    'database.backup': async () => {
      const path = await config.shell.chooseSavePath({
        title: 'Back up the order log',
        defaultName: `Till-backup-${localDay(Date.now())}.sqlite`,
        kind: { name: 'Till order log (SQLite)', extensions: ['sqlite'] },
      });
      if (!path) return { path: null, orders: 0, bytes: 0 };
      if (resolve(path) === resolve(databaseFile)) {
        throw conflict('Choose another file: that one is the order log itself.');
      }
      try {
        const result = await backupOrderLog(db, path);
        audit.record('owner', 'database.backed_up', null, { orders: result.orders, bytes: result.bytes });
        log.info({ path, ...result }, 'order log backed up');
        return { path, ...result };
      } catch (error) {
        log.error({ err: error, path }, 'backup failed');
        throw conflict(
          `The backup could not be written to ${path}: ${error instanceof Error ? error.message : String(error)}. The order log itself is unchanged.`,
        );
      }
    },
    'window.openHistory': () => config.shell.openHistory(),
    'receipt.savePdf': ({ orderId }) => {
      const order = orders.get(orderId);
      if (!order) throw notFound('No such order.');
      return config.shell.saveReceiptPdf(order);
    },
    'checkout.quote': (cart) => price(cart),
    'checkout.config': () => {
      const { connection: c } = payments();
      return {
        mode,
        publishableKey: c.publishableKey,
        stripeJsUrl: c.stripeJsUrl ?? null,
        currency: settings.shop().currency,
        motoEnabled: settings.payments().motoEnabled,
      };
    },
    'checkout.pay': (input) => payments().checkout.pay(input),
    'orders.refund': (input) => payments().refunds.refund(input),
    'checkout.refresh': ({ orderId }) => payments().checkout.refresh(orderId),
    'checkout.cancel': ({ orderId }) => payments().checkout.cancel(orderId),
    'events.status': () => source?.health() ?? noSource,
    'settings.get': () => settings.payments(),
    'owner.pinStatus': () => ownerPin.status(),
    'owner.setPin': ({ pin, currentPin }) => ownerPin.set(pin, currentPin),
    'settings.update': async ({ pin, ...update }) => {
      await ownerPin.require(pin);
      const before = settings.payments();
      const after = { ...before, ...update };
      settings.setPayments(after);
      audit.record('owner', 'settings.updated', null, update);
      if (after.eventSource !== before.eventSource && source) await useSource(after.eventSource);
      return after;
    },
  };

  log.info({ mode, dataDir: config.dataDir }, 'Till core started');
  return {
    db,
    mode,
    handlers,
    push,
    log,
    checkout,
    events,
    reconciler,
    async startBackground() {
      if (!stripe || source) return;
      await reconcile();
      await useSource(settings.payments().eventSource);
      reconcileTimer = setInterval(() => void reconcile(), RECONCILE_INTERVAL_MS);
      reconcileTimer.unref();
    },
    async close() {
      if (reconcileTimer) clearInterval(reconcileTimer);
      await source?.stop();
      await checkpointer.close();
      db.close();
    },
  };
}
