/** Options and handle of a running simulator (the public surface of startSimulator). */
import type Stripe from 'stripe';
import type { EventListener, SimulatorContext, SimulatorKeys, SimulatorPlugin } from './context';
import type { Receipt } from './resources/receipts';
import type { FaultConfig, FaultStatus } from './state/faults';

export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (the simulator is for this machine only). */
  host?: string;
  /**
   * JSON file holding the simulator's state (objects, events, keys, settings). Loaded at start, written atomically
   * (temp file + rename) a moment after changes and on close. Without it, state lives in memory only.
   */
  stateFile?: string;
  /** Whether the simulated account has MOTO enabled (Stripe enables it on request). Default false, as on a new account. */
  motoEnabled?: boolean;
  /** The account's name (`settings.dashboard.display_name` of GET /v1/account). Default 'Simulated shop', or the state file's. */
  accountName?: string;
  /** Fixed keys; by default keys are generated once and kept in the state file. */
  keys?: Partial<SimulatorKeys>;
  /** Fixed signing secret for Stripe CLI sessions; by default generated once and kept in the state file. */
  webhookSecret?: string;
  /**
   * Accept only the simulator's own keys. Default false: any well-formed `sk_test_`/`rk_test_`/`pk_test_` key is
   * accepted (the Stripe CLI, SDK samples and tests can use placeholder keys). Live keys are always refused.
   */
  strictKeys?: boolean;
  /** Extra routes and listeners contributed by other modules, installed after the built-in ones. */
  plugins?: SimulatorPlugin[];
  /**
   * Install the simulator's own plugins: the Stripe CLI `listen` protocol (./cli-protocol) and the Stripe.js
   * stand-in (./stripejs). Default true.
   */
  builtInPlugins?: boolean;
  /**
   * Delay before the simulator's "later" transitions: disputes opened on dispute test cards, pending refunds
   * settling, refunds failing, disputes closing after evidence. Default 1000 ms. `admin.runPendingJobs()` runs them now.
   */
  asyncDelayMs?: number;
  /**
   * Pay out the available balance by itself once per UTC day (Stripe's default daily automatic schedule), checked
   * every second. Default false: payouts go out when `admin.runPayouts()` (or POST /_simulator/payouts/run) says so.
   */
  automaticPayouts?: boolean;
  /** Debounce for state-file writes. Default 250 ms (and at most 2 s between writes under constant load). */
  persistDebounceMs?: number;
  /** API version for events and the default `Stripe-Version` header. Default '2026-10-28.endive' (stripe-node 23). */
  apiVersion?: string;
  /** Log requests with pino (default false; the CLI turns it on with --verbose). */
  logger?: boolean;
}

export interface SimulatorAdmin {
  /** Turn the account's MOTO capability on or off (persisted). */
  setMotoEnabled(enabled: boolean): void;
  readonly motoEnabled: boolean;
  /** Arm fault injection (see README "Fault injection"); replaces the previous configuration. */
  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  faults(): FaultStatus;
  /**
   * Move the simulator's clock forward (affects `created` of new objects/events; Checkout Sessions whose
   * `expires_at` it passes expire, with `checkout.session.expired`; pending funds whose `available_on` it passes
   * become available, with `balance.available`; payouts whose `arrival_date` it passes are paid, with `payout.paid`).
   * Returns the new now().
   */
  advanceClock(seconds: number): number;
  /**
   * E-mail receipts Stripe would have sent (payment and refund receipts), oldest first; optionally only those of one
   * PaymentIntent or charge. Over HTTP: `GET /_simulator/receipts?payment_intent=pi_…&charge=ch_…`.
   */
  receipts(filter?: { payment_intent?: string; charge?: string }): Receipt[];
  /**
   * The automatic payout: pays out everything available that no payout holds yet, one payout per currency
   * (`in_transit`, arriving the next business day at 00:00 UTC; paid once the clock reaches it). Pending funds whose
   * `available_on` has come are released first. Returns the payouts created (none when nothing positive is available).
   */
  runPayouts(): Stripe.Payout[];
  /** Run every scheduled "later" transition now (disputes, async refunds). Returns how many ran. */
  runPendingJobs(): number;
  /**
   * A new restricted key (`rk_test_…`, persisted) holding exactly these permissions (`rak_refund_write`, …); a
   * request it may not make is refused as Stripe refuses it (403, naming the missing permission). Throws on a name
   * the simulator does not know.
   */
  mintRestrictedKey(permissions: readonly string[]): string;
  /** Write the state file now (no-op without stateFile). */
  flush(): Promise<void>;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  keys: SimulatorKeys;
  /** Signing secret for Stripe CLI `listen` sessions. */
  webhookSecret: string;
  events: {
    subscribe(listener: EventListener): () => void;
    get(id: string): Stripe.Event | undefined;
  };
  admin: SimulatorAdmin;
  /** The same context plugins receive. */
  context: SimulatorContext;
  /** Stops the server, cancels timers, flushes the state file. */
  close(): Promise<void>;
}
