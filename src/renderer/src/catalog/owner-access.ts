import type { TillError } from '#shared/result';

/**
 * What each part of the Catalog page needs to change the catalog: the PIN of whoever is signed in, typed at the top
 * of the page (main checks it is theirs; undefined when no owner PIN is set, on a log from before set-up), and where to
 * show main's answer when the PIN is what it refused.
 */
export interface OwnerAccess {
  pin: string | undefined;
  onPinError(error: TillError): void;
}

/** Sends the PIN's refusals to the PIN field; answers whether the error was about something else. */
export function otherThanPin(error: TillError, access: OwnerAccess): boolean {
  if (error.field !== 'pin') return true;
  access.onPinError(error);
  return false;
}
