import type { Migration } from '../migrate';

/**
 * Drops indexes that no query uses. Every index is written on every insert and on every change to its columns, by
 * each payment and each Stripe event: an unused one only costs time and disk flushes.
 *  - orders_by_status: the history lists newest first through orders_by_created and filters as it goes;
 *  - stripe_events_by_created: events are read per order (stripe_events_by_order); the poller's cursor is a setting;
 *  - payment_attempts_by_intent: attempts are found by order (UNIQUE (order_id, attempt_no)).
 * A later feature that needs one of them adds the index it needs with its query.
 */
export const leanIndexes: Migration = {
  version: 2,
  name: 'lean-indexes',
  up(db) {
    db.exec(`
      DROP INDEX orders_by_status;
      DROP INDEX stripe_events_by_created;
      DROP INDEX payment_attempts_by_intent;
    `);
  },
};
