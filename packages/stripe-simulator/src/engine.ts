/**
 * The simulated Stripe account: its objects, events, clock, settings and scheduled transitions. Resources
 * (./resources) implement Stripe's state machines on top of it; the HTTP layer (./http, ./routes) only translates.
 * Nothing here knows about fastify, so the same engine can be driven in-process.
 */
import { RestrictedKeys } from './account/permissions';
import type Stripe from 'stripe';
import { Clock } from './clock';
import { EventLog, type RequestInfo } from './events/event-log';
import { IdempotencyStore } from './state/idempotency';
import { Faults } from './state/faults';
import { Collection } from './state/collection';
import { Scheduler, type Job } from './state/scheduler';
import type { SimulatorKeys } from './context';
import type { Receipt } from './resources/receipts';
import type { BalanceTransactionMeta } from './resources/balance-transactions';

/** Private state the API never shows (e.g. which test card is behind a PaymentMethod). */
export interface PaymentMethodMeta {
  /** The test card number behind the PM, when it is one of Stripe's test cards; never a real card number. */
  testCard: string | null;
  cvcProvided: boolean;
  postalProvided: boolean;
  line1Provided: boolean;
}

export interface PaymentIntentMeta {
  /** `payment_method_options[card][moto]` requested (applies at confirmation). */
  moto: boolean;
  offSession: boolean;
  /** Confirmed through Stripe.js (`use_stripe_sdk=true`) → next_action is use_stripe_sdk. */
  useStripeSdk: boolean;
  returnUrl: string | null;
  /** Number of confirmations (Stripe cancels a PI after too many). */
  confirmations: number;
  /** Checkout Session that owns this PI, if any. */
  checkoutSession: string | null;
  /** 3DS completed for the current payment method (manual confirmation then charges without a new challenge). */
  authenticated: boolean;
}

export interface ConfirmationTokenMeta {
  used: boolean;
  /** The PaymentMethod made from the token's card details, used when the token confirms a PaymentIntent. */
  paymentMethodId: string;
}

export type NoMeta = Record<string, never>;

export interface TokenMeta {
  /** A PaymentMethod holding the token's card, cloned when the token is used (`card[token]=tok_…`). */
  paymentMethodId: string;
}

export interface CheckoutLineItem {
  id: string;
  price: string;
  product: string;
  description: string;
  quantity: number;
  unitAmount: number;
}

export interface CheckoutSessionMeta {
  lineItems: CheckoutLineItem[];
  paymentIntentData: {
    metadata: Record<string, string>;
    description: string | null;
    captureMethod: string | null;
    /** Raw `payment_intent_data[shipping]` params, applied to the PaymentIntent when it is created. */
    shipping: unknown;
  };
}

export interface WebhookEndpointMeta {
  secret: string;
}

export interface Store {
  paymentIntents: Collection<Stripe.PaymentIntent, PaymentIntentMeta>;
  charges: Collection<Stripe.Charge, NoMeta>;
  refunds: Collection<Stripe.Refund, NoMeta>;
  disputes: Collection<Stripe.Dispute, NoMeta>;
  paymentMethods: Collection<Stripe.PaymentMethod, PaymentMethodMeta>;
  confirmationTokens: Collection<Stripe.ConfirmationToken, ConfirmationTokenMeta>;
  customers: Collection<Stripe.Customer, NoMeta>;
  products: Collection<Stripe.Product, NoMeta>;
  prices: Collection<Stripe.Price, NoMeta>;
  checkoutSessions: Collection<Stripe.Checkout.Session, CheckoutSessionMeta>;
  webhookEndpoints: Collection<Stripe.WebhookEndpoint, WebhookEndpointMeta>;
  tokens: Collection<Stripe.Token, TokenMeta>;
  balanceTransactions: Collection<Stripe.BalanceTransaction, BalanceTransactionMeta>;
  payouts: Collection<Stripe.Payout, NoMeta>;
}

export type CollectionName = keyof Store;

export const COLLECTIONS: CollectionName[] = [
  'paymentIntents',
  'charges',
  'refunds',
  'disputes',
  'paymentMethods',
  'confirmationTokens',
  'customers',
  'products',
  'prices',
  'checkoutSessions',
  'webhookEndpoints',
  'tokens',
  'balanceTransactions',
  'payouts',
];

export interface EngineConfig {
  accountId: string;
  /** The account's name, as the Dashboard shows it (`settings.dashboard.display_name`). */
  accountName: string;
  keys: SimulatorKeys;
  /** Restricted keys minted earlier, with their permissions. */
  restrictedKeys?: Record<string, string[]>;
  webhookSecret: string;
  apiVersion: string;
  motoEnabled: boolean;
  clockOffsetMs: number;
  asyncDelayMs: number;
  onChange: () => void;
  onError: (err: unknown) => void;
}

export type JobHandler = (engine: Engine, args: Record<string, string>) => void;

export class Engine {
  readonly accountId: string;
  readonly accountName: string;
  readonly keys: SimulatorKeys;
  readonly restrictedKeys: RestrictedKeys;
  readonly webhookSecret: string;
  readonly apiVersion: string;
  /** The account's settlement currency (a Canadian account: GET /v1/account says country CA). */
  readonly defaultCurrency = 'cad';
  readonly clock: Clock;
  readonly store: Store;
  readonly events: EventLog;
  readonly idempotency: IdempotencyStore;
  readonly faults = new Faults();
  readonly scheduler: Scheduler;
  motoEnabled: boolean;
  /** `http://127.0.0.1:PORT`, set once the server listens. */
  baseUrl = 'http://127.0.0.1';
  /**
   * The request being handled, for events' `request` member. Route handlers are synchronous, so a single slot is
   * enough; jobs run with it cleared (Stripe's automatic events have `request.id: null`).
   */
  request: RequestInfo | null = null;
  /** Called after a PaymentIntent succeeds or becomes capturable (Checkout Sessions complete themselves here). */
  readonly paymentSucceededHooks: Array<(pi: Stripe.PaymentIntent) => void> = [];
  /** E-mail receipts "sent" (the simulator records them instead of mailing them), oldest first. */
  readonly receipts: Receipt[] = [];
  private readonly jobHandlers = new Map<string, JobHandler>();
  private readonly onChange: () => void;

  constructor(config: EngineConfig) {
    this.accountId = config.accountId;
    this.accountName = config.accountName;
    this.keys = config.keys;
    this.restrictedKeys = new RestrictedKeys(config.accountId, config.restrictedKeys);
    this.webhookSecret = config.webhookSecret;
    this.apiVersion = config.apiVersion;
    this.motoEnabled = config.motoEnabled;
    this.clock = new Clock(config.clockOffsetMs);
    this.onChange = config.onChange;
    this.store = {
      paymentIntents: new Collection(),
      charges: new Collection(),
      refunds: new Collection(),
      disputes: new Collection(),
      paymentMethods: new Collection(),
      confirmationTokens: new Collection(),
      customers: new Collection(),
      products: new Collection(),
      prices: new Collection(),
      checkoutSessions: new Collection(),
      webhookEndpoints: new Collection(),
      tokens: new Collection(),
      balanceTransactions: new Collection(),
      payouts: new Collection(),
    };
    this.events = new EventLog({
      now: () => this.clock.now(),
      apiVersion: config.apiVersion,
      pendingWebhooks: (type) => this.pendingWebhooks(type),
      onError: config.onError,
      onChange: config.onChange,
    });
    this.idempotency = new IdempotencyStore(10_000, config.onChange);
    this.scheduler = new Scheduler(config.asyncDelayMs, (job) => this.runJob(job), config.onChange);
  }

  now(): number {
    return this.clock.now();
  }

  /** Something changed: the state file will be rewritten soon. */
  touch(): void {
    this.onChange();
  }

  /** Records an event for the current request. */
  emit(type: Stripe.Event.Type, object: { id: string; object: string }, previous?: Record<string, unknown>): void {
    this.events.emit(type, object, this.request, previous);
  }

  onJob(kind: string, handler: JobHandler): void {
    this.jobHandlers.set(kind, handler);
  }

  schedule(kind: string, args: Record<string, string>): void {
    this.scheduler.schedule(kind, args);
  }

  private runJob(job: Job): void {
    const handler = this.jobHandlers.get(job.kind);
    if (!handler) return;
    const saved = this.request;
    this.request = null;
    try {
      handler(this, job.args);
    } finally {
      this.request = saved;
    }
  }

  private pendingWebhooks(type: string): number {
    let n = 0;
    for (const endpoint of this.store.webhookEndpoints.values()) {
      if (endpoint.status !== 'enabled') continue;
      if (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type)) n++;
    }
    return n;
  }
}
