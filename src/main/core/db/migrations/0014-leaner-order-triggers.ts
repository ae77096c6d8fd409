import type { Migration } from '../migrate';

/** What one order adds to its day's figures: as migration 11 defines it (money only once its card was charged). */
const contribution = (row: 'new' | 'old') => `
  date(${row}.created_at / 1000, 'unixepoch', 'localtime') AS day, ${row}.currency AS currency, 1 AS orders,
  ${row}.payment_state = 'paid' AS charged,
  CASE WHEN ${row}.payment_state = 'paid' THEN ${row}.total ELSE 0 END AS gross,
  CASE WHEN ${row}.payment_state = 'paid' THEN ${row}.amount_refunded ELSE 0 END AS refunded,
  CASE WHEN ${row}.payment_state = 'paid' AND ${row}.dispute_status = 'lost'
       THEN coalesce(${row}.dispute_amount, 0) ELSE 0 END AS disputes_lost`;

/** Adds (sign 1) or takes away (sign -1) one order's figures from its day: migration 11's statement, unchanged. */
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
 * Checkout at the flush floor (issue 17): the triggers of migration 11 fire only when what they keep changes.
 *
 * order_days_on_update fired on every change of payment state, so a payment's move from open to processing (in the
 * write that must reach the disk before Stripe is called) took its day's figures away and added them back, twice
 * computing the shop-local day. An order's figures change only when its day or currency changes, when it becomes or
 * stops being charged, or, while charged, when its total, refunds or lost dispute change; otherwise the two writes
 * cancel out, so the trigger now skips them. What it writes when it fires is unchanged.
 *
 * orders_search_on_update re-indexed the order whenever its customer was written, which a retried payment does with
 * the same name, phone, e-mail and note; it now re-indexes only when one of them changed.
 */
export const leanerOrderTriggers: Migration = {
  version: 14,
  name: 'leaner-order-triggers',
  up(db) {
    db.exec(`
      DROP TRIGGER order_days_on_update;
      CREATE TRIGGER order_days_on_update
        AFTER UPDATE OF created_at, currency, payment_state, total, amount_refunded, dispute_status, dispute_amount
        ON orders
        WHEN old.created_at IS NOT new.created_at
          OR old.currency IS NOT new.currency
          OR (old.payment_state = 'paid') IS NOT (new.payment_state = 'paid')
          OR (new.payment_state = 'paid'
              AND (old.total, old.amount_refunded, old.dispute_status, old.dispute_amount)
                  IS NOT (new.total, new.amount_refunded, new.dispute_status, new.dispute_amount))
      BEGIN ${addTo('old', -1)} ${addTo('new', 1)} END;

      DROP TRIGGER orders_search_on_update;
      CREATE TRIGGER orders_search_on_update
        AFTER UPDATE OF customer_name, customer_email, customer_phone_digits, note ON orders
        WHEN (old.customer_name, old.customer_email, old.customer_phone_digits, old.note)
             IS NOT (new.customer_name, new.customer_email, new.customer_phone_digits, new.note)
      BEGIN
        INSERT INTO orders_search (orders_search, rowid, customer_name, customer_email, customer_phone_digits, note)
        VALUES ('delete', old.rowid, old.customer_name, old.customer_email, old.customer_phone_digits, old.note);
        INSERT INTO orders_search (rowid, customer_name, customer_email, customer_phone_digits, note)
        VALUES (new.rowid, new.customer_name, new.customer_email, new.customer_phone_digits, new.note);
      END;
    `);
  },
};
