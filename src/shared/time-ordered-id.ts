/**
 * Ids for the rows the order log keeps adding (orders, payment attempts): UUID version 7 (RFC 9562), which begins
 * with the time in milliseconds, so ids made later sort later (also within one millisecond: the `uuid` package keeps
 * a counter).
 *
 * Why not random (version 4) ids: every table and index keyed by an order id (orders, their lines, attempts, the
 * events and audit entries of an order) would then take each new row at a random place, so each payment and each
 * Stripe event rewrites pages scattered over the whole log. Time-ordered ids put new rows beside the last ones:
 * a payment and the events that follow it touch a few recent pages (measured in bench/events.ts, "in Stripe's order").
 */
import { v7 } from 'uuid';

export const timeOrderedId = (): string => v7();

/** The same, for a row made at `msecs` (a bench or an import writing history with its own times). */
export const timeOrderedIdAt = (msecs: number): string => v7({ msecs });
