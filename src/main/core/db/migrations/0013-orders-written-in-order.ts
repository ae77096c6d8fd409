import type { Migration } from '../migrate';

/**
 * How far the order log is out of its written order (issue 17, a search at a million orders).
 *
 * Orders are nearly always written in the order they were placed, so the search index's rowids (the log's) follow
 * the history's newest-first order, and a search can walk the index newest first and stop once a page is full
 * instead of gathering every match to sort it. That is only right where the rowids do follow the history's order:
 * `orders_out_of_order.through_rowid` is the highest rowid at or below which they may not. Every order above it was
 * placed after every order written before it, so a page found among them, full, is the history's page.
 *
 * Triggers keep it in the same statement as the write: an order written with a rowid below another's, or placed
 * before an order already written (the shop PC's clock set back), moves it up to the highest rowid; so does any
 * change of an order's placed time or number. Deleting orders leaves the rest in order.
 */
export const ordersWrittenInOrder: Migration = {
  version: 13,
  name: 'orders-written-in-order',
  up(db) {
    db.exec(`
      CREATE TABLE orders_out_of_order (
        only          INTEGER PRIMARY KEY CHECK (only = 1),
        through_rowid INTEGER NOT NULL     -- rowids above it follow (created_at, number); 0: all of them do
      ) STRICT;

      CREATE TRIGGER orders_out_of_order_on_insert AFTER INSERT ON orders
        WHEN EXISTS (SELECT 1 FROM orders WHERE rowid > new.rowid)
          OR EXISTS (SELECT 1 FROM orders WHERE (created_at, number) > (new.created_at, new.number))
      BEGIN
        UPDATE orders_out_of_order SET through_rowid = max(through_rowid, (SELECT max(rowid) FROM orders));
      END;
      CREATE TRIGGER orders_out_of_order_on_update AFTER UPDATE OF created_at, number ON orders
        WHEN (old.created_at, old.number) IS NOT (new.created_at, new.number)
      BEGIN
        UPDATE orders_out_of_order SET through_rowid = max(through_rowid, (SELECT max(rowid) FROM orders));
      END;
    `);
    // The log written so far: the highest rowid whose order was placed before one written earlier.
    let through = 0;
    let newest: { createdAt: number; number: number } | undefined;
    const written = db
      .prepare<[], { rowid: number; createdAt: number; number: number }>(
        'SELECT rowid, created_at AS createdAt, number FROM orders ORDER BY rowid',
      )
      .iterate();
    for (const order of written) {
      const later =
        newest &&
        (newest.createdAt > order.createdAt || (newest.createdAt === order.createdAt && newest.number > order.number));
      if (later) through = order.rowid;
      else newest = { createdAt: order.createdAt, number: order.number };
    }
    db.prepare('INSERT INTO orders_out_of_order (only, through_rowid) VALUES (1, ?)').run(through);
  },
};
