import type { Migration } from '../migrate';

/**
 * Refunds the owner gives from the history keep what the owner wrote about them, and, when Stripe refuses one,
 * Stripe's reason: both are shown in the order's timeline.
 */
export const refundNotes: Migration = {
  version: 5,
  name: 'refund-notes',
  up(db) {
    db.exec(`
      ALTER TABLE refunds ADD COLUMN note TEXT NOT NULL DEFAULT '';
      ALTER TABLE refunds ADD COLUMN error_message TEXT;
    `);
  },
};
