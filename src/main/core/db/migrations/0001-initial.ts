import type { Migration } from '../migrate';
import { seedDemoCatalog } from '../seed-demo-catalog';

/**
 * The order log's first schema. Money columns are INTEGER minor units; times are INTEGER milliseconds since the
 * epoch (UTC); ids are TEXT (UUIDs locally, Stripe's ids where they come from Stripe). STRICT tables make SQLite
 * refuse a value of the wrong type instead of storing it.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,            -- JSON
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE staff (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('owner', 'clerk')),
        pin_hash   TEXT,                     -- scrypt hash; NULL until a PIN is set
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE tax_rates (
        tax_class  TEXT NOT NULL,
        name       TEXT NOT NULL,            -- as printed on a receipt, e.g. "GST"
        rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),  -- basis points: 500 = 5%
        sort_order INTEGER NOT NULL,
        PRIMARY KEY (tax_class, name)
      ) STRICT;

      CREATE TABLE products (
        id          TEXT PRIMARY KEY,
        sku         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        unit_price  INTEGER NOT NULL CHECK (unit_price >= 0),
        currency    TEXT NOT NULL,
        tax_class   TEXT NOT NULL,
        archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        sort_order  INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX products_by_name ON products (archived, sort_order, name);

      CREATE TABLE orders (
        id                TEXT PRIMARY KEY,
        number            INTEGER NOT NULL UNIQUE,   -- what the clerk reads to the caller
        -- status is derived (orders/order-state.ts) from payment_state, amount_refunded and dispute_status,
        -- each of which only moves forward; it is stored for filtering.
        status            TEXT NOT NULL CHECK (status IN ('open', 'processing', 'requires_action', 'failed', 'paid',
                            'partially_refunded', 'refunded', 'disputed', 'canceled', 'needs_review')),
        payment_state     TEXT NOT NULL DEFAULT 'open' CHECK (payment_state IN ('open', 'processing',
                            'requires_action', 'failed', 'needs_review', 'canceled', 'paid')),
        payment_state_at  INTEGER NOT NULL DEFAULT 0,   -- when payment_state was observed (ms)
        currency          TEXT NOT NULL,
        subtotal          INTEGER NOT NULL,
        tax_total         INTEGER NOT NULL,
        taxes             TEXT NOT NULL DEFAULT '[]',  -- JSON [{name, rateBp, amount}], as on the receipt
        total             INTEGER NOT NULL CHECK (total >= 0),
        amount_refunded   INTEGER NOT NULL DEFAULT 0,
        customer_name     TEXT NOT NULL DEFAULT '',
        customer_phone    TEXT NOT NULL DEFAULT '',
        customer_email    TEXT,
        note              TEXT NOT NULL DEFAULT '',
        staff_id          TEXT REFERENCES staff (id),
        payment_intent_id TEXT UNIQUE,
        dispute_status    TEXT,
        dispute_amount    INTEGER,
        dispute_reason    TEXT,
        review_reason     TEXT,                       -- why the order needs the owner's eyes
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        paid_at           INTEGER
      ) STRICT;
      CREATE INDEX orders_by_created ON orders (created_at);
      CREATE INDEX orders_by_status ON orders (status, created_at);

      CREATE TABLE order_lines (
        order_id    TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        line_no     INTEGER NOT NULL,
        product_id  TEXT REFERENCES products (id),   -- NULL for a quick-charge line
        description TEXT NOT NULL,
        quantity    INTEGER NOT NULL CHECK (quantity > 0),
        unit_price  INTEGER NOT NULL CHECK (unit_price >= 0),
        tax_class   TEXT NOT NULL,
        subtotal    INTEGER NOT NULL,
        tax         INTEGER NOT NULL,
        total       INTEGER NOT NULL,
        PRIMARY KEY (order_id, line_no)
      ) STRICT;

      CREATE TABLE payment_attempts (
        id                TEXT PRIMARY KEY,
        order_id          TEXT NOT NULL REFERENCES orders (id),
        attempt_no        INTEGER NOT NULL,
        idempotency_key   TEXT NOT NULL UNIQUE,       -- written before Stripe is called, reused on every retry
        amount            INTEGER NOT NULL,
        currency          TEXT NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed',
                            'unknown', 'canceled')),
        payment_intent_id TEXT,
        error_code        TEXT,
        decline_code      TEXT,
        error_message     TEXT,
        card_brand        TEXT,
        card_last4        TEXT,
        request           TEXT NOT NULL,              -- the exact parameters sent, JSON: a retry resends them
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        UNIQUE (order_id, attempt_no)
      ) STRICT;
      CREATE INDEX payment_attempts_by_intent ON payment_attempts (payment_intent_id);
      CREATE INDEX payment_attempts_unsettled ON payment_attempts (status) WHERE status IN ('pending', 'unknown');

      CREATE TABLE refunds (
        id               TEXT PRIMARY KEY,
        order_id         TEXT NOT NULL REFERENCES orders (id),
        stripe_refund_id TEXT UNIQUE,
        idempotency_key  TEXT NOT NULL UNIQUE,
        amount           INTEGER NOT NULL CHECK (amount > 0),
        currency         TEXT NOT NULL,
        reason           TEXT NOT NULL DEFAULT '',
        status           TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled', 'unknown')),
        staff_id         TEXT REFERENCES staff (id),
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX refunds_by_order ON refunds (order_id);

      CREATE TABLE stripe_events (
        id          TEXT PRIMARY KEY,                -- evt_…; storing each id once makes processing idempotent
        type        TEXT NOT NULL,
        created     INTEGER NOT NULL,                -- Stripe's timestamp, seconds
        livemode    INTEGER NOT NULL CHECK (livemode IN (0, 1)),
        object_id   TEXT,
        order_id    TEXT REFERENCES orders (id),
        source      TEXT NOT NULL CHECK (source IN ('events_api', 'stripe_cli', 'reconcile')),
        payload     TEXT NOT NULL,                   -- the event as received, JSON
        received_at INTEGER NOT NULL,
        processed_at INTEGER
      ) STRICT;
      CREATE INDEX stripe_events_by_order ON stripe_events (order_id, created);
      CREATE INDEX stripe_events_by_created ON stripe_events (created);

      CREATE TABLE audit_log (
        id       INTEGER PRIMARY KEY,
        at       INTEGER NOT NULL,
        actor    TEXT NOT NULL,                      -- staff id, or 'system'
        action   TEXT NOT NULL,
        order_id TEXT REFERENCES orders (id),
        details  TEXT NOT NULL DEFAULT '{}'          -- JSON; never card data or secrets
      ) STRICT;
      CREATE INDEX audit_log_by_order ON audit_log (order_id, at);
    `);
    seedDemoCatalog(db, Date.now());
  },
};
