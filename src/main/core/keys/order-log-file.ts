import type { Mode } from '#shared/contract';

/** Training mode's order log, and the name every Till before per-account logs used. */
export const TRAINING_ORDER_LOG = 'till.sqlite';

/**
 * One order log per Stripe account and mode, so test orders never mix with live ones and a second account's
 * orders never land in the first one's log: `till-acct_123-live.sqlite`. Training keeps `till.sqlite`.
 */
export function orderLogFile(mode: Mode, accountId: string | null | undefined): string {
  if (mode === 'training') return TRAINING_ORDER_LOG;
  if (!accountId || !/^acct_[A-Za-z0-9]+$/.test(accountId)) {
    throw new Error(`A ${mode}-mode order log needs the Stripe account's id (acct_…), not ${String(accountId)}.`);
  }
  return `till-${accountId}-${mode}.sqlite`;
}
