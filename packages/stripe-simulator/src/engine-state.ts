/** The state file's document: what is saved, and how it is read back into an engine. */
import type Stripe from 'stripe';
import type { SimulatorKeys } from './context';
import { COLLECTIONS, type Engine } from './engine';
import type { Receipt } from './resources/receipts';
import type { Job } from './state/scheduler';

export const STATE_FORMAT = 'stripe-simulator-state';
export const STATE_VERSION = 1;
/** Stripe keeps events for 30 days; so does the simulator. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export interface StateDocument {
  format: typeof STATE_FORMAT;
  version: number;
  savedAt: string;
  account: {
    id: string;
    /** Absent in files written before the simulator named its account. */
    name?: string;
    keys: SimulatorKeys;
    webhookSecret: string;
    /** Minted restricted keys and their permissions (absent in older files). */
    restrictedKeys?: Record<string, string[]>;
  };
  settings: { motoEnabled: boolean; clockOffsetMs: number };
  collections: Record<string, Array<{ obj: unknown; meta: unknown }>>;
  events: Stripe.Event[];
  idempotency: ReturnType<Engine['idempotency']['toJSON']>;
  jobs: Job[];
  /** E-mail receipts recorded (absent in older files). */
  receipts?: Receipt[];
}

export function serializeState(engine: Engine): string {
  const doc: StateDocument = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    savedAt: new Date().toISOString(),
    account: {
      id: engine.accountId,
      name: engine.accountName,
      keys: engine.keys,
      webhookSecret: engine.webhookSecret,
      restrictedKeys: engine.restrictedKeys.toJSON(),
    },
    settings: { motoEnabled: engine.motoEnabled, clockOffsetMs: engine.clock.offset },
    collections: Object.fromEntries(COLLECTIONS.map((name) => [name, engine.store[name].entries()])),
    events: [...engine.events.events.values()],
    idempotency: engine.idempotency.toJSON(),
    jobs: engine.scheduler.pending(),
    receipts: engine.receipts,
  };
  return JSON.stringify(doc);
}

export function isStateDocument(value: unknown): value is StateDocument {
  const doc = value as Partial<StateDocument> | null;
  return !!doc && doc.format === STATE_FORMAT && typeof doc.version === 'number' && !!doc.account;
}

/** Fills a fresh engine from a saved document (objects, events within retention, idempotency records, jobs). */
export function restoreState(engine: Engine, doc: StateDocument): void {
  for (const name of COLLECTIONS) {
    const entries = doc.collections[name] ?? [];
    const collection = engine.store[name] as unknown as { insert(obj: unknown, meta: unknown): void };
    for (const { obj, meta } of entries) collection.insert(obj, meta);
  }
  const oldest = engine.now() - EVENT_RETENTION_SECONDS;
  for (const event of doc.events ?? []) if (event.created >= oldest) engine.events.events.insert(event, {});
  engine.idempotency.load(doc.idempotency ?? [], engine.clock.nowMs());
  engine.scheduler.load(doc.jobs ?? []);
  engine.receipts.push(...(doc.receipts ?? []));
}
