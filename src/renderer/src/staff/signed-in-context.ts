import { createContext, useContext } from 'react';
import type { SignedIn } from '#shared/contract';
import type { Permission } from '#shared/permissions';

export type SignedInStaff = NonNullable<SignedIn['staff']>;

export interface SignedInValue {
  /**
   * Who is signed in. While the lock screen shows, who was: the page behind it keeps its shape (and is hidden and
   * inert) until someone signs in, and then takes the shape of what that person may do.
   */
  staff: SignedInStaff;
  autoLockMinutes: number;
  locked: boolean;
  /** Signs out in main and shows the lock screen ("Switch user"). */
  lock(): void;
  /** Asks main again who is signed in and for the auto-lock minutes: after the owner changes them, say. */
  refresh(): void;
}

export const SignedInContext = createContext<SignedInValue | null>(null);

/** Who is at the till; null only outside the staff gate (the set-up screen, before anyone exists). */
export const useSignedIn = (): SignedInValue | null => useContext(SignedInContext);

/**
 * Whether the signed-in person may use something, to hide what they may not. Main's permission table is the rule and
 * refuses the call anyway; this only spares a clerk buttons that would answer "ask a manager".
 */
export function useCan(permission: Permission): boolean {
  const signedIn = useSignedIn();
  return signedIn?.staff.permissions.includes(permission) ?? false;
}
