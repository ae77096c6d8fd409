import type { Database } from 'better-sqlite3';
import type { CallerRequest } from '#core/ipc/caller';
import { dispatch, type Handlers } from '#core/ipc/dispatch';

/** The owner PIN the test helpers' set-up types (twice), as an owner would on the set-up screen. */
export const TEST_OWNER_PIN = '2468';

/**
 * Finishes set-up with the demo shop ("Start with the demo shop" on the set-up screen: the same channel), so a
 * test's fresh order log holds the demo catalog as every log once did. A log already set up is left as it is.
 */
export async function setUpDemoShop(
  handlers: Handlers,
  ownerPin = TEST_OWNER_PIN,
  caller?: CallerRequest,
): Promise<void> {
  const status = await dispatch(handlers, 'setup.status', undefined);
  if (status.ok && (status.value as { done: boolean }).done) return;
  const result = await dispatch(
    handlers,
    'setup.complete',
    { start: 'demo', owner: { name: 'Owner', pin: ownerPin, pinAgain: ownerPin } },
    undefined,
    caller,
  );
  if (!result.ok) throw new Error(`Set-up with the demo shop failed: ${result.error.message}`);
}

/**
 * Finishes set-up with a shop of its own (an empty catalog), as the set-up screen does for a test or live log, where
 * the demo shop is not offered. A log already set up is left as it is.
 */
export async function setUpOwnShop(
  handlers: Handlers,
  ownerPin = TEST_OWNER_PIN,
  caller?: CallerRequest,
): Promise<void> {
  const status = await dispatch(handlers, 'setup.status', undefined);
  if (status.ok && (status.value as { done: boolean }).done) return;
  const result = await dispatch(
    handlers,
    'setup.complete',
    {
      start: 'own',
      shop: {
        name: 'Test Shop',
        address: '1 Main St\nKamloops, BC V2C 1A1',
        phone: '250 555 0100',
        taxNumbers: [{ label: 'GST', number: '123456789 RT0001' }],
        currency: 'CAD',
      },
      taxes: [{ taxClass: 'standard', name: 'GST', rateBp: 500 }],
      owner: { name: 'Owner', pin: ownerPin, pinAgain: ownerPin },
    },
    undefined,
    caller,
  );
  if (!result.ok) throw new Error(`Set-up with a shop of its own failed: ${result.error.message}`);
}

/**
 * Makes the log one upgraded from before set-up existed: set up (it already held orders) but with no owner PIN, the
 * one state in which owner.setPin still takes a first PIN without the current one.
 */
export function forgetOwnerPin(db: Database): void {
  db.prepare("UPDATE staff SET pin_hash = NULL WHERE id = 'owner'").run();
}

/** Signs the owner in on a session of its own, as the lock screen would, and returns that session for dispatch. */
export async function signedInOwner(
  handlers: Handlers,
  ownerPin = TEST_OWNER_PIN,
  window: CallerRequest['window'] = 'checkout',
): Promise<CallerRequest> {
  const caller: CallerRequest = { session: `owner-${Math.random().toString(36).slice(2)}`, window };
  const result = await dispatch(handlers, 'staff.signIn', { staffId: 'owner', pin: ownerPin }, undefined, caller);
  if (!result.ok) throw new Error(`Signing the owner in failed: ${result.error.message}`);
  return caller;
}
