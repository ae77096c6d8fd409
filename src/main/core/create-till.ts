/**
 * Wires Till's Electron-free services together. Electron's main process and the browser preview both call
 * this once and then only talk to what it returns, so everything here runs (and is tested) in plain Node.
 */
import { join } from 'node:path';
import type { Mode } from '#shared/contract';
import { appHandlers } from './app/handlers';
import type { TillShell } from './app/till-shell';
import { autoBackupHandlers } from './backup/auto-backup-handlers';
import { createAutoBackup } from './backup/auto-backup';
import { createBackupConfigStore, type RestoreMarker } from './backup/backup-config';
import { backupHandlers } from './backup/handlers';
import type { RestoreResult } from './backup/restore-order-log';
import { catalogHandlers } from './catalog/handlers';
import { createCatalogQueries } from './catalog/catalog-queries';
import { createCatalogStore } from './catalog/catalog-store';
import { createAuditLog } from './db/audit-log';
import { startCheckpointer } from './db/checkpointer';
import { createDurability } from './db/durability';
import { createWalRestart, type WalRestartTally } from './db/wal-restart';
import { openDatabase, type Db } from './db/open';
import { createEventProcessor, type EventProcessor } from './events/event-processor';
import { createEventSources, NO_SOURCE } from './events/event-sources';
import { eventsHandlers } from './events/handlers';
import { createReconciler, type Reconciler } from './events/reconciler';
import { createReconciliationLoop } from './events/reconciliation-loop';
import type { Handlers } from './ipc/dispatch';
import { mergeHandlers } from './ipc/handler-map';
import { createLogger, type Logger } from './log';
import { ordersHandlers } from './orders/handlers';
import { createOrdersExports } from './orders/orders-export';
import { createDisputeEvidence } from './orders/dispute-evidence';
import { createOrderStore } from './orders/order-store';
import { createOrderTimelineQueries } from './orders/order-timeline-queries';
import { createOrdersQueries } from './orders/orders-queries';
import { createReceiptEmail } from './orders/receipt-email';
import { priceCart } from './orders/pricing';
import { createTaxQueries } from './orders/tax-queries';
import { ownerHandlers } from './owner/handlers';
import { createOwnerPin } from './owner/owner-pin';
import { auditHandlers } from './audit/handlers';
import { createAuditChainCheck, type AuditChainCheck } from './audit/audit-chain-check';
import { createAuditQueries } from './audit/audit-queries';
import { staffHandlers } from './staff/handlers';
import { createPinCheck } from './staff/pin-check';
import { createPinConfirmation } from './staff/pin-confirmation';
import { createSessions, type Sessions } from './staff/sessions';
import { gateByStaff } from './staff/staff-gate';
import { createStaffStore } from './staff/staff-store';
import { createAttemptStore } from './payments/attempt-store';
import { createCheckoutService, type CheckoutService } from './payments/checkout-service';
import { MESSAGES } from './payments/clerk-messages';
import { createDayCloseStore } from './end-of-day/day-close-store';
import { createDayFigures } from './end-of-day/day-figures';
import { endOfDayHandlers } from './end-of-day/handlers';
import { createStripeDay } from './end-of-day/stripe-day';
import { createLinkRestore } from './payments/link-restore';
import { createLinkQueries } from './payments/link-state';
import { createLinkStore } from './payments/link-store';
import { createOrderLock } from './payments/order-lock';
import { createPayByLink } from './payments/pay-by-link';
import { paymentsHandlers } from './payments/handlers';
import type { RetryPolicy } from './payments/stripe-call';
import { createStripeClient, type StripeConnection } from './payments/stripe-client';
import { createPushHub, type PushHub } from './push/push-hub';
import { refundsHandlers } from './refunds/handlers';
import { createRefundService } from './refunds/refund-service';
import { createRefundStore } from './refunds/refund-store';
import type { StripeAccount } from './keys/key-vault';
import { keysHandlers, type KeysHost } from './keys/handlers';
import { orderLogFile, TRAINING_ORDER_LOG } from './keys/order-log-file';
import { settingsHandlers } from './settings/handlers';
import { createSettingsStore } from './settings/settings-store';
import { isQuietMoment } from './updates/update-schedule';
import { setupHandlers } from './setup/handlers';
import { gateUntilSetUp } from './setup/setup-gate';
import { createSetupService, type SetupService } from './setup/setup-service';
import { shopHandlers } from './shop/handlers';
import { modeForKeys, stripeKeysFromEnv } from './stripe-keys';

export type { SaveDialogOptions, TillShell } from './app/till-shell';

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
  /** The Stripe account the keys open (test and live mode): it names the order log and the mode banner. */
  account?: StripeAccount | null;
  /** Where the keys came from and how the owner changes them (the hosts' till-host.ts); without it, keys are read-only. */
  keys?: KeysHost;
  /** Tests shorten the pauses between retries of a Stripe call. */
  stripeRetry?: RetryPolicy;
  /** Tests write small exports on worker threads too (orders-export.ts). */
  exportsInPartsFrom?: number;
  /** The export workers' built script (out/main/export-worker.js) for a bench or test running from source. */
  exportWorker?: URL;
  /** What only the host can do (open windows, save files). */
  shell: TillShell;
  /** Closes this core, puts a backup in place of its log and opens core again (till-host.ts); without it, none. */
  restoreBackup?: (file: string, takenAt: number) => Promise<RestoreResult>;
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
  /** Who is signed in on which session (tests and hosts sign in through the staff.signIn channel). */
  readonly sessions: Sessions;
  /** The audit log's hash chain, checked from start-up on. */
  readonly auditChain: AuditChainCheck;
  /** The writes made at quiet moments to start the WAL over (db/wal-restart.ts): benches count their time. */
  walRestarts(): WalRestartTally;
  /** Starts the event source and periodic reconciliation (hosts call this; tests drive them by hand). */
  startBackground(): Promise<void>;
  /** What the Electron shell's updater asks: whether the owner turned updates on, and whether now is quiet. */
  readonly updates: { enabled(): boolean; quiet(): boolean };
  /** Set-up, as the host sees it: the shop to carry to the next order log when the Stripe keys change. */
  readonly setup: Pick<SetupService, 'carry' | 'adopt'>;
  /** The order log's file (a restore puts a backup in its place while core is closed). */
  readonly databaseFile: string;
  /** The backup on quit, when the owner turned automatic backups on; hosts call it before close. */
  backupOnQuit(): Promise<void>;
  close(): Promise<void>;
}

export const DATABASE_FILE = TRAINING_ORDER_LOG;

/** For a week after a restore, reconciliation looks for payments back to an hour before the backup was taken. */
function restoredOrphansSince(restored: RestoreMarker | null, now = Date.now()): number | null {
  if (!restored || now - restored.restoredAt > 7 * 24 * 60 * 60 * 1000) return null;
  return Math.floor(restored.backupTakenAt / 1000) - 60 * 60;
}

/** The keys in the environment, if any, decide the mode; otherwise the host's connection (the simulator) does. */
function resolveStripeConnection(config: Pick<TillConfig, 'env' | 'stripe'>): StripeConnection | null {
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
  const databaseFile = join(config.dataDir, orderLogFile(mode, config.account?.id));
  const db = openDatabase(databaseFile);
  // One Stripe call per order at a time, for a keyed card and a payment link alike.
  const orderLock = createOrderLock(MESSAGES.inProgress);
  const walRestart = createWalRestart(db, { busy: orderLock.anyBusy, log });
  const checkpointer = startCheckpointer(db, log, { caughtUp: walRestart.caughtUp });
  const durability = createDurability(db, checkpointer.written);
  const catalog = createCatalogQueries(db);
  const orders = createOrderStore(db);
  const audit = createAuditLog(db);
  const pins = createPinCheck(db, audit);
  const confirm = createPinConfirmation(pins);
  const ownerPin = createOwnerPin(db, pins, audit);
  const attempts = createAttemptStore(db);
  const settings = createSettingsStore(db);
  const backupConfig = createBackupConfigStore(db);
  const autoBackup = createAutoBackup({ db, config: backupConfig, audit, log });
  const restoredFrom = backupConfig.restored();
  if (restoredFrom && !restoredFrom.audited) {
    audit.record('system', 'database.restored', null, {
      backup: restoredFrom.backupFile,
      setAside: restoredFrom.setAside,
    });
    backupConfig.setRestored({ ...restoredFrom, audited: true });
  }
  const staff = createStaffStore(db);
  const sessions = createSessions({
    autoLockMinutes: () => settings.security().autoLockMinutes,
    onStaff: ({ id, role }) => {
      const found = staff.get(id);
      return Boolean(found?.active && found.hasPin && found.role === role);
    },
  });
  const auditChain = createAuditChainCheck(db, (status) =>
    log.warn({ brokenAt: status.brokenAt }, 'the audit log was changed outside Till: its hash chain breaks'),
  );
  const taxRates = createTaxQueries(db);
  const push = createPushHub();
  const price = (cart: Parameters<typeof priceCart>[0]) =>
    priceCart(cart, catalog, taxRates.table(), settings.shop().currency);
  const retry = config.stripeRetry;
  const setup = createSetupService({ db, mode, settings, taxRates, audit });
  const receiptShop = () => {
    const shop = settings.shop();
    return {
      name: shop.name,
      address: shop.address || shop.city || '',
      phone: shop.phone,
      taxNumbers: shop.taxNumbers,
    };
  };

  const stripe = connection ? createStripeClient(connection, config.version) : null;
  const events = createEventProcessor({ db, durability, orders, attempts, push, log });
  const linkQueries = createLinkQueries(db);
  const linkDeps = stripe
    ? { stripe, orders, links: createLinkStore(db), audit, withOrderLock: orderLock.run, push, log, retry }
    : null;
  const links = linkDeps
    ? createPayByLink({
        ...linkDeps,
        price,
        linkMinutes: () => settings.payments().linkMinutes,
        successUrl: () => settings.payments().linkReturnUrl,
      })
    : null;
  const linkRestore = linkDeps ? createLinkRestore(linkDeps) : null;
  const checkout = stripe
    ? createCheckoutService({
        orderLock,
        closeLink: links?.closeWhileLocked,
        stripe,
        orders,
        attempts,
        audit,
        durability,
        price,
        push,
        log,
        retry,
        motoEnabled: () => settings.payments().motoEnabled,
        shop: receiptShop,
      })
    : null;
  const refunds = stripe
    ? createRefundService({
        stripe,
        orders,
        refunds: createRefundStore(db),
        audit,
        durability,
        confirm,
        push,
        log,
        retry,
      })
    : null;
  const reconciler =
    stripe && checkout && refunds
      ? createReconciler({
          stripe,
          db,
          orders,
          attempts,
          checkout,
          refunds,
          links,
          linkRestore,
          log,
          retry,
          orphansSince: () => restoredOrphansSince(backupConfig.restored()),
        })
      : null;
  const sources =
    stripe && connection ? createEventSources({ stripe, connection, processor: events, db, audit, push, log }) : null;
  const reconciling = reconciler ? createReconciliationLoop(reconciler, events, log) : null;

  // Nothing but set-up answers until set-up is done (setup/setup-gate.ts); after it, only what the signed-in staff
  // member may do (staff/staff-gate.ts).
  const timeline = createOrderTimelineQueries(db);

  const handlers = gateUntilSetUp(
    gateByStaff(
      mergeHandlers(
        appHandlers({
          version: config.version,
          mode,
          dataDir: config.dataDir,
          orderLog: databaseFile,
          accountName: config.account?.name ?? null,
          settings,
          shell: config.shell,
        }),
        catalogHandlers({
          catalog,
          store: createCatalogStore(db),
          confirm,
          audit,
          shell: config.shell,
          currency: () => settings.shop().currency,
        }),
        ordersHandlers({
          orders,
          queries: createOrdersQueries(db),
          attempts,
          timeline,
          links: linkQueries,
          shell: config.shell,
          refundsAvailable: refunds !== null,
          receiptEmail: stripe ? createReceiptEmail({ stripe, orders, audit, log, retry }) : null,
          shop: receiptShop,
          disputeEvidence: stripe
            ? createDisputeEvidence({ stripe, orders, timeline, shop: receiptShop, audit, log, retry })
            : null,
          exports: createOrdersExports({
            db,
            push,
            audit,
            shell: config.shell,
            log,
            parallelFromOrders: config.exportsInPartsFrom,
            builtWorker: config.exportWorker,
          }),
        }),
        paymentsHandlers({ checkout, links, linkQueries, connection, settings, price }),
        refundsHandlers(refunds),
        backupHandlers({ db, databaseFile, audit, shell: config.shell, log }),
        autoBackupHandlers({
          config: backupConfig,
          backups: autoBackup,
          confirm,
          audit,
          shell: config.shell,
          restore: config.restoreBackup ?? null,
        }),
        settingsHandlers({
          settings,
          confirm,
          audit,
          switchEventSource: async (kind) => sources?.switchTo(kind),
        }),
        ownerHandlers(ownerPin),
        keysHandlers({ host: config.keys ?? null, connection, account: config.account ?? null, confirm, audit }),
        eventsHandlers(() => sources?.health() ?? NO_SOURCE),
        setupHandlers(setup, sessions),
        shopHandlers({ settings, confirm, audit }),
        staffHandlers({ staff, pins, confirm, sessions, settings, audit }),
        auditHandlers({ queries: createAuditQueries(db), chain: auditChain, audit, shell: config.shell }),
        endOfDayHandlers({
          figures: createDayFigures(db),
          stripeDay: stripe ? createStripeDay({ stripe, db, retry }) : null,
          closes: createDayCloseStore(db),
          confirm,
          audit,
          shell: config.shell,
          currency: () => settings.shop().currency,
        }),
      ),
      sessions,
      audit,
    ),
    setup.isDone,
  );
  void auditChain.run();

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
    sessions,
    auditChain,
    walRestarts: walRestart.tally,
    setup,
    updates: {
      enabled: () => settings.updates().checkForUpdates,
      quiet: () => {
        const seen = sessions.signedIn().map((session) => session.lastSeen);
        return isQuietMoment({
          paymentUnderWay: orderLock.anyBusy(),
          lastActivity: seen.length > 0 ? Math.max(...seen) : null,
          now: Date.now(),
        });
      },
    },
    databaseFile,
    async backupOnQuit() {
      // A host closed twice (a quit after a failed restart) has nothing left to back up.
      if (db.open) await autoBackup.onQuit();
    },
    async startBackground() {
      autoBackup.start();
      if (!sources || sources.running()) return;
      await reconciling?.runOnce();
      await sources.use(settings.payments().eventSource);
      reconciling?.schedule();
    },
    async close() {
      await autoBackup.stop();
      reconciling?.stop();
      await sources?.stop();
      await checkpointer.close();
      walRestart.stop();
      db.close();
    },
  };
}
