/**
 * Only Till's own pages may call main. Electron gives the calling frame's URL; compare its parsed origin to the
 * app's origin (string prefixes are fooled by `https://app.till.invalid.evil.com`).
 */
export function isTrustedSender(senderUrl: string | undefined | null, appOrigin: string): boolean {
  if (!senderUrl) return false;
  let url: URL;
  try {
    url = new URL(senderUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.origin === appOrigin;
}
