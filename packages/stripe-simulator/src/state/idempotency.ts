/**
 * Stripe's idempotency layer: the first response for a key (status and body, errors included) is saved once the
 * operation ran, and replayed for any later request with the same key and the same parameters, with
 * `Idempotent-Replayed: true`. Different parameters → 400 idempotency_error; a request arriving while the first is
 * still running → 409 idempotency_key_in_use. Validation failures are not saved (a corrected retry may reuse the key).
 * Records expire after 24 hours; memory is capped (oldest dropped first).
 */
import { idempotencyKeyInUse, idempotencyMismatch, invalidRequest } from '../api/errors';

export interface SavedResponse {
  status: number;
  body: string;
  requestId: string;
}

interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  createdMs: number;
  response: SavedResponse | null;
}

export type IdempotencyOutcome = { kind: 'new' } | { kind: 'replay'; response: SavedResponse };

const DAY_MS = 24 * 60 * 60 * 1000;

export class IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  constructor(
    private readonly maxRecords = 10_000,
    private readonly onChange: () => void = () => undefined,
  ) {}

  static fingerprint(method: string, path: string, params: unknown): string {
    return `${method} ${path} ${JSON.stringify(params)}`;
  }

  /** Registers the key as in flight, or says to replay, or throws Stripe's mismatch/in-use errors. */
  begin(key: string, fingerprint: string, nowMs: number): IdempotencyOutcome {
    if (key.length > 255) {
      throw invalidRequest(
        `Invalid idempotency key: must be at most 255 characters, but was ${key.length} characters long.`,
        { param: 'Idempotency-Key' },
      );
    }
    const existing = this.records.get(key);
    if (existing && nowMs - existing.createdMs > DAY_MS) this.records.delete(key);
    else if (existing) {
      if (existing.fingerprint !== fingerprint) throw idempotencyMismatch(key);
      if (!existing.response) throw idempotencyKeyInUse(key);
      return { kind: 'replay', response: existing.response };
    }
    this.records.set(key, { key, fingerprint, createdMs: nowMs, response: null });
    if (this.records.size > this.maxRecords) {
      const oldest = this.records.keys().next();
      if (!oldest.done) this.records.delete(oldest.value);
    }
    return { kind: 'new' };
  }

  complete(key: string, response: SavedResponse): void {
    const record = this.records.get(key);
    if (record) {
      record.response = response;
      this.onChange();
    }
  }

  /** Forget an in-flight key (the request failed validation or crashed before running). */
  abandon(key: string): void {
    const record = this.records.get(key);
    if (record && !record.response) this.records.delete(key);
  }

  /** The newest `limit` completed records, for the state file. */
  toJSON(limit = 500): IdempotencyRecord[] {
    const done = [...this.records.values()].filter((r) => r.response);
    return done.slice(-limit);
  }

  load(records: IdempotencyRecord[], nowMs: number): void {
    for (const r of records) if (r.response && nowMs - r.createdMs <= DAY_MS) this.records.set(r.key, r);
  }
}
