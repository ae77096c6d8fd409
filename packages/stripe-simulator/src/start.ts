/**
 * startSimulator(): the composition root. Loads the state file, builds the engine, the HTTP app and its routes,
 * runs plugins, listens on 127.0.0.1, and returns the handle (keys, events, admin helpers, close()).
 */
import type { AddressInfo } from 'node:net';
import { registerAdmin } from './admin/routes';
import type { RequestLogEntry, SimulatorContext, SimulatorKeys } from './context';
import { Engine } from './engine';
import { signPayload } from './events/signature';
import { WebhookDelivery } from './events/webhook-delivery';
import { KeyChecker, keyFromHeaders } from './http/auth';
import { createHttp } from './http/server';
import { randomAlnum } from './ids';
import type { RunningSimulator, SimulatorOptions } from './options';
import { registerCheckoutPages } from './pages/checkout';
import { registerThreeDS } from './pages/three-ds';
import { completeCheckoutForPayment, expireDueCheckoutSessions } from './resources/checkout-sessions';
import { listReceipts } from './resources/receipts';
import { decideDispute, openDispute } from './resources/disputes';
import { failRefund, settleRefund } from './resources/refunds';
import { registerPaymentIntents } from './routes/payment-intents';
import { registerPaymentMethods } from './routes/payment-methods';
import { registerChargesAndRefunds } from './routes/charges-refunds';
import { registerCatalog } from './routes/catalog';
import { registerEvents } from './routes/events';
import { registerAccount } from './routes/account';
import { registerCheckout } from './routes/checkout';
import { registerBalance } from './routes/balance';
import { runDailyPayouts, runPayouts, settleBalance } from './resources/payouts';
import type { Registrar } from './routes/registrar';
import { isStateDocument, restoreState, serializeState, type StateDocument } from './engine-state';
import { StateFile } from './state/state-file';
import { stripeCliProtocol } from './cli-protocol';
import { stripeJsStandIn } from './stripejs';

export const DEFAULT_API_VERSION = '2026-10-28.endive';
export const DEFAULT_ACCOUNT_NAME = 'Simulated shop';

function newKeys(accountId: string): SimulatorKeys {
  const account = accountId.slice(5);
  return {
    secret: `sk_test_51${account}${randomAlnum(40)}`,
    restricted: `rk_test_51${account}${randomAlnum(40)}`,
    publishable: `pk_test_51${account}${randomAlnum(40)}`,
  };
}

/** How often open Checkout Sessions are checked for a passed `expires_at`. */
const CHECKOUT_EXPIRY_SWEEP_MS = 1000;

const defaultLog = {
  info: (msg: string) => console.log(msg),
  warn: (msg: string) => console.warn(`[stripe-simulator] ${msg}`),
  error: (msg: string, err?: unknown) => console.error(`[stripe-simulator] ${msg}`, err ?? ''),
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const log = defaultLog;
  const saved = options.stateFile ? await StateFile.readAsync(options.stateFile) : null;
  if (saved !== null && !isStateDocument(saved)) {
    throw new Error(`${options.stateFile} is not a Stripe simulator state file.`);
  }
  const doc = saved as StateDocument | null;
  const accountId = doc?.account.id ?? `acct_1${randomAlnum(15)}`;
  const generated = doc?.account.keys ?? newKeys(accountId);
  const keys: SimulatorKeys = { ...generated, ...options.keys };
  const webhookSecret = options.webhookSecret ?? doc?.account.webhookSecret ?? `whsec_${randomAlnum(32)}`;

  let stateFile: StateFile | null = null;
  const engine = new Engine({
    accountId,
    accountName: options.accountName ?? doc?.account.name ?? DEFAULT_ACCOUNT_NAME,
    restrictedKeys: doc?.account.restrictedKeys,
    keys,
    webhookSecret,
    apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
    motoEnabled: options.motoEnabled ?? doc?.settings.motoEnabled ?? false,
    clockOffsetMs: doc?.settings.clockOffsetMs ?? 0,
    asyncDelayMs: options.asyncDelayMs ?? 1000,
    onChange: () => stateFile?.markDirty(),
    onError: (err) => log.error('event listener failed', err),
  });
  engine.onJob('dispute.create', openDispute);
  engine.onJob('dispute.close', decideDispute);
  engine.onJob('refund.settle', settleRefund);
  engine.onJob('refund.fail', failRefund);
  engine.paymentSucceededHooks.push((pi) => completeCheckoutForPayment(engine, pi));
  if (doc) restoreState(engine, doc);
  if (options.stateFile) {
    stateFile = new StateFile(
      options.stateFile,
      options.persistDebounceMs ?? 250,
      () => serializeState(engine),
      (err) => log.error(`could not write ${options.stateFile}`, err),
    );
    // Keys and settings given as options (or freshly generated) are saved at once.
    stateFile.markDirty();
  }

  const keyChecker = new KeyChecker(keys, options.strictKeys ?? false, (key) => engine.restrictedKeys.has(key));
  const requestLogListeners = new Set<(entry: RequestLogEntry) => void>();
  const http = createHttp({
    engine,
    keys: keyChecker,
    logger: options.logger ?? false,
    log,
    requestLog: (entry) => {
      for (const listener of requestLogListeners) {
        try {
          listener(entry);
        } catch (err) {
          log.error('request log listener failed', err);
        }
      }
    },
  });
  const registrar: Registrar = { engine, app: http.app, route: http.route };
  registerPaymentIntents(registrar);
  registerPaymentMethods(registrar);
  registerChargesAndRefunds(registrar);
  registerCatalog(registrar);
  registerEvents(registrar);
  registerCheckout(registrar);
  registerAccount(registrar);
  registerBalance(registrar);
  registerThreeDS(registrar);
  registerCheckoutPages(registrar);
  registerAdmin(registrar);

  // Checkout Sessions expire by themselves once `expires_at` passes, as on Stripe; funds become available and
  // payouts arrive as the clock passes their dates (and, with `automaticPayouts`, the daily payout goes out).
  const dailyPayouts = { lastDay: null as number | null };
  const expiryTimer = setInterval(() => {
    expireDueCheckoutSessions(engine);
    settleBalance(engine);
    if (options.automaticPayouts) runDailyPayouts(engine, dailyPayouts);
  }, CHECKOUT_EXPIRY_SWEEP_MS);
  expiryTimer.unref();
  const webhooks = new WebhookDelivery(engine, log);
  const stopWebhooks = webhooks.start();
  const closeHooks: Array<() => void | Promise<void>> = [];

  const context: SimulatorContext = {
    get baseUrl() {
      return engine.baseUrl;
    },
    keys,
    webhookSecret,
    apiVersion: engine.apiVersion,
    accountId,
    events: {
      subscribe: (listener) => engine.events.subscribe(listener),
      get: (id) => engine.events.get(id),
    },
    requestLog: {
      subscribe: (listener) => {
        requestLogListeners.add(listener);
        return () => requestLogListeners.delete(listener);
      },
    },
    now: () => engine.now(),
    signPayload: (payload, secret = webhookSecret, timestamp = engine.now()) => signPayload(payload, secret, timestamp),
    route: (routeOptions) => http.route(routeOptions),
    authenticate: (headers, access) => keyChecker.check(keyFromHeaders(headers), access),
    onClose: (hook) => closeHooks.push(hook),
    log,
  };

  const builtIn = options.builtInPlugins === false ? [] : [stripeCliProtocol, stripeJsStandIn];
  for (const plugin of [...builtIn, ...(options.plugins ?? [])]) await plugin(http.app, context);

  await http.app.listen({ port: options.port ?? 0, host });
  const port = (http.app.server.address() as AddressInfo).port;
  const oldBase = engine.baseUrl;
  engine.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  rebaseUrls(engine, oldBase);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const hook of closeHooks) {
      try {
        await hook();
      } catch (err) {
        log.error('close hook failed', err);
      }
    }
    clearInterval(expiryTimer);
    stopWebhooks();
    webhooks.close();
    engine.scheduler.stop();
    for (const socket of http.hung) socket.destroy();
    await http.app.close();
    await stateFile?.flush();
  };

  return {
    url: engine.baseUrl,
    port,
    keys,
    webhookSecret,
    events: context.events,
    admin: {
      setMotoEnabled: (enabled) => {
        engine.motoEnabled = enabled;
        engine.touch();
      },
      get motoEnabled() {
        return engine.motoEnabled;
      },
      setFaults: (config) => engine.faults.set(config),
      clearFaults: () => engine.faults.clear(),
      faults: () => engine.faults.status(),
      advanceClock: (seconds) => {
        const now = engine.clock.advance(seconds);
        engine.touch();
        expireDueCheckoutSessions(engine);
        settleBalance(engine);
        return now;
      },
      runPayouts: () => runPayouts(engine),
      receipts: (filter) => listReceipts(engine, filter),
      runPendingJobs: () => engine.scheduler.runAll(),
      mintRestrictedKey: (permissions) => {
        const key = engine.restrictedKeys.mint(permissions);
        engine.touch();
        return key;
      },
      flush: async () => {
        if (stateFile) {
          stateFile.markDirty();
          await stateFile.flush();
        }
      },
    },
    context,
    close,
  };
}

/**
 * URLs the simulator handed out (Checkout `url`, 3DS `next_action`, receipts) embed its address, which changes
 * between runs on an ephemeral port: point the still-useful ones at the new address.
 */
function rebaseUrls(engine: Engine, fallbackOld: string): void {
  const base = engine.baseUrl;
  const rewrite = (url: string | null | undefined): string | null | undefined =>
    url ? url.replace(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/, base) : url;
  void fallbackOld;
  for (const session of engine.store.checkoutSessions.values()) {
    if (session.status === 'open') session.url = rewrite(session.url) ?? null;
  }
  for (const pi of engine.store.paymentIntents.values()) {
    const next = pi.next_action;
    if (!next) continue;
    if (next.redirect_to_url) next.redirect_to_url.url = rewrite(next.redirect_to_url.url) ?? null;
    const sdk = next.use_stripe_sdk as { stripe_js?: string } | undefined;
    if (sdk?.stripe_js) sdk.stripe_js = rewrite(sdk.stripe_js) ?? sdk.stripe_js;
  }
  for (const charge of engine.store.charges.values()) charge.receipt_url = rewrite(charge.receipt_url) ?? null;
}
