import type { Migration } from '../migrate';

/** What one order adds to its day's figures: money only once its card was charged (as the totals always counted). */
const contribution = (row: 'new' | 'old') => `
  date(${row}.created_at / 1000, 'unixepoch', 'localtime') AS day, ${row}.currency AS currency, 1 AS orders,
  ${row}.payment_state = 'paid' AS charged,
  CASE WHEN ${row}.payment_state = 'paid' THEN ${row}.total ELSE 0 END AS gross,
  CASE WHEN ${row}.payment_state = 'paid' THEN ${row}.amount_refunded ELSE 0 END AS refunded,
  CASE WHEN ${row}.payment_state = 'paid' AND ${row}.dispute_status = 'lost'
       THEN coalesce(${row}.dispute_amount, 0) ELSE 0 END AS disputes_lost`;

/** Adds (sign 1) or takes away (sign -1) one order's figures from its day. */
const addTo = (row: 'new' | 'old', sign: 1 | -1) => `
  INSERT INTO order_days (day, currency, orders, charged, gross, refunded, disputes_lost)
  SELECT day, currency, ${sign} * orders, ${sign} * charged, ${sign} * gross, ${sign} * refunded,
         ${sign} * disputes_lost
    FROM (SELECT ${contribution(row)})
   WHERE true
  ON CONFLICT (day, currency) DO UPDATE SET
    orders = orders + excluded.orders, charged = charged + excluded.charged, gross = gross + excluded.gross,
    refunded = refunded + excluded.refunded, disputes_lost = disputes_lost + excluded.disputes_lost;`;

/**
 * The history at a million orders (issue 17).
 *
 * order_days: each shop-local day's figures per currency, kept by triggers on orders, so they change in the same
 * statement (hence the same transaction) as every fact they add up, whichever code path writes it: a payment, a
 * refund, a dispute, a restored order, an order moved to another day. A month's totals and its chart read ≤ 31 rows
 * instead of the whole log. The day is SQLite's 'localtime', the clock the history's filters already use.
 *
 * orders_search: an FTS5 index with the trigram tokenizer over what the owner types parts of (name, e-mail, phone
 * digits, note), kept in step by triggers; a search reads the index instead of walking every order with LIKE.
 *
 * Indexes for keyset pages, newest first, of each filter the window offers: by day, status, staff and amount.
 */
export const historyAtScale: Migration = {
  version: 11,
  name: 'history-at-scale',
  up(db) {
    db.exec(`
      CREATE TABLE order_days (
        day           TEXT NOT NULL,        -- YYYY-MM-DD on the shop PC's clock
        currency      TEXT NOT NULL,
        orders        INTEGER NOT NULL,     -- placed that day, charged or not
        charged       INTEGER NOT NULL,
        gross         INTEGER NOT NULL,
        refunded      INTEGER NOT NULL,
        disputes_lost INTEGER NOT NULL,
        PRIMARY KEY (day, currency)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO order_days (day, currency, orders, charged, gross, refunded, disputes_lost)
      SELECT day, currency, count(*), sum(charged), sum(gross), sum(refunded), sum(disputes_lost)
        FROM (SELECT ${contribution('new').replaceAll('new.', 'o.')}
                FROM orders o)
       GROUP BY day, currency;

      CREATE TRIGGER order_days_on_insert AFTER INSERT ON orders BEGIN ${addTo('new', 1)} END;
      CREATE TRIGGER order_days_on_delete AFTER DELETE ON orders BEGIN ${addTo('old', -1)} END;
      CREATE TRIGGER order_days_on_update
        AFTER UPDATE OF created_at, currency, payment_state, total, amount_refunded, dispute_status, dispute_amount
        ON orders
        WHEN (old.created_at, old.currency, old.payment_state, old.total, old.amount_refunded,
              old.dispute_status, old.dispute_amount)
             IS NOT (new.created_at, new.currency, new.payment_state, new.total, new.amount_refunded,
                     new.dispute_status, new.dispute_amount)
      BEGIN ${addTo('old', -1)} ${addTo('new', 1)} END;

      CREATE VIRTUAL TABLE orders_search USING fts5 (
        customer_name, customer_email, customer_phone_digits, note,
        content = 'orders', content_rowid = 'rowid', tokenize = 'trigram'
      );
      INSERT INTO orders_search (orders_search) VALUES ('rebuild');
      CREATE TRIGGER orders_search_on_insert AFTER INSERT ON orders BEGIN
        INSERT INTO orders_search (rowid, customer_name, customer_email, customer_phone_digits, note)
        VALUES (new.rowid, new.customer_name, new.customer_email, new.customer_phone_digits, new.note);
      END;
      CREATE TRIGGER orders_search_on_delete AFTER DELETE ON orders BEGIN
        INSERT INTO orders_search (orders_search, rowid, customer_name, customer_email, customer_phone_digits, note)
        VALUES ('delete', old.rowid, old.customer_name, old.customer_email, old.customer_phone_digits, old.note);
      END;
      CREATE TRIGGER orders_search_on_update
        AFTER UPDATE OF customer_name, customer_email, customer_phone_digits, note ON orders BEGIN
        INSERT INTO orders_search (orders_search, rowid, customer_name, customer_email, customer_phone_digits, note)
        VALUES ('delete', old.rowid, old.customer_name, old.customer_email, old.customer_phone_digits, old.note);
        INSERT INTO orders_search (rowid, customer_name, customer_email, customer_phone_digits, note)
        VALUES (new.rowid, new.customer_name, new.customer_email, new.customer_phone_digits, new.note);
      END;

      DROP INDEX orders_by_created;
      CREATE INDEX orders_by_created ON orders (created_at, number);
      CREATE INDEX orders_by_status_newest ON orders (status, created_at, number);
      DROP INDEX orders_by_staff;
      CREATE INDEX orders_by_staff ON orders (staff_id, created_at, number) WHERE staff_id IS NOT NULL;
      CREATE INDEX orders_for_review ON orders (created_at, number) WHERE review_reason IS NOT NULL;
      CREATE INDEX orders_by_total ON orders (total);
    `);
  },
};
