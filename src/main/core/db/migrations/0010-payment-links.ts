import type { Migration } from '../migrate';

/**
 * Pay-by-link: a Stripe Checkout Session the customer pays on their own device, one row per link sent for an order.
 * Like a payment attempt, the row (its idempotency key and the exact request) is on the disk before Stripe is called,
 * so a crash between the two is settled by sending the same request again under the same key.
 *
 * The order's own payment facts do not change while a link is out: it stays open (unpaid) until Stripe reports the
 * payment (`payment_intent.succeeded`, with the order in its metadata). "Waiting for the customer" is an open link.
 */
export const paymentLinks: Migration = {
  version: 10,
  name: 'payment-links',
  up(db) {
    db.exec(`
      CREATE TABLE payment_links (
        id              TEXT PRIMARY KEY,
        order_id        TEXT NOT NULL REFERENCES orders (id),
        link_no         INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        status          TEXT NOT NULL CHECK (status IN ('creating', 'open', 'complete', 'expired', 'canceled',
                          'failed', 'unknown')),
        session_id      TEXT UNIQUE,
        url             TEXT,
        amount          INTEGER NOT NULL,
        currency        TEXT NOT NULL,
        expires_at      INTEGER NOT NULL,                -- ms since the epoch, as asked of Stripe
        request         TEXT NOT NULL,                   -- the exact parameters sent, JSON: a resend sends them again
        error_message   TEXT,
        staff_id        TEXT REFERENCES staff (id),
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        UNIQUE (order_id, link_no)
      ) STRICT;
      CREATE INDEX payment_links_unsettled ON payment_links (status) WHERE status IN ('creating', 'unknown', 'open');
    `);
  },
};
