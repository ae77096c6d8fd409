import type Stripe from 'stripe';
import { storedEvent } from '../../events/stored-event';
import type { Migration } from '../migrate';

/** Rows rewritten per query: a log of years holds many events, and this keeps each read small. */
const PAGE = 500;

/**
 * Stored Stripe events kept the whole event as received: PaymentIntents with their client secrets (which let their
 * holder confirm the payment), failed payments with the cardholder's billing details. Every row is rewritten as
 * events are stored from now on (events/stored-event.ts: only what Till reads), so the log no longer holds them.
 * Read in pages by rowid, since better-sqlite3 allows no write while a read is still stepping.
 */
export const scrubEventSecrets: Migration = {
  version: 9,
  name: 'scrub-event-secrets',
  up(db) {
    const page = db.prepare<[number, number], { rowid: number; payload: string }>(
      'SELECT rowid, payload FROM stripe_events WHERE rowid > ? ORDER BY rowid LIMIT ?',
    );
    const rewrite = db.prepare<[string, number]>('UPDATE stripe_events SET payload = ? WHERE rowid = ?');
    let rows = page.all(0, PAGE);
    while (rows.length > 0) {
      for (const row of rows) {
        const kept = JSON.stringify(storedEvent(JSON.parse(row.payload) as Stripe.Event));
        if (kept !== row.payload) rewrite.run(kept, row.rowid);
      }
      rows = page.all(rows.at(-1)!.rowid, PAGE);
    }
  },
};
