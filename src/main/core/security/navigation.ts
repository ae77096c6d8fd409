/**
 * Where a Till window may navigate or be redirected to: its own pages only. The parsed origin is compared, since a
 * string prefix would let `https://app.till.invalid.evil.example` through.
 */
export function isInAppNavigation(raw: string, appOrigin: string): boolean {
  try {
    return new URL(raw).origin === appOrigin;
  } catch {
    return false;
  }
}
