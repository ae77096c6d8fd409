/**
 * Which browser permissions Till's pages get: none, with one exception. In training mode the card form and its
 * API live on the Stripe simulator at http://127.0.0.1, and Chromium's Local Network Access (enforced since
 * Electron 43) asks permission before a page reaches a loopback address. Till's own pages may reach loopback then;
 * no other page, and no other permission, ever.
 */
const LOOPBACK_PERMISSIONS = new Set(['loopback-network', 'local-network-access']);

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  options: { appOrigin: string; allowLoopback: boolean },
): boolean {
  if (!options.allowLoopback || !LOOPBACK_PERMISSIONS.has(permission) || !requestingUrl) return false;
  try {
    return new URL(requestingUrl).origin === options.appOrigin;
  } catch {
    return false;
  }
}
