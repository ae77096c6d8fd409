import { conflict } from '../errors';

/**
 * One Stripe call per order at a time, within this process: a second request for an order whose call is under way
 * is refused at once with `busyMessage` (it neither waits nor calls Stripe), so a double click never sends twice.
 */
export function createOrderLock(busyMessage: string) {
  const inFlight = new Set<string>();
  return {
    isBusy: (orderId: string) => inFlight.has(orderId),
    /** Whether any order's Stripe call is under way (an update waits for none to be). */
    anyBusy: () => inFlight.size > 0,
    run: async <T>(orderId: string, work: () => Promise<T>): Promise<T> => {
      if (inFlight.has(orderId)) throw conflict(busyMessage);
      inFlight.add(orderId);
      try {
        return await work();
      } finally {
        inFlight.delete(orderId);
      }
    },
  };
}
export type OrderLock = ReturnType<typeof createOrderLock>;
