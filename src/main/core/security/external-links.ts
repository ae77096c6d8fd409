/**
 * Links that may leave the app, opened by the OS: Stripe's dashboard and docs in the browser, and a `mailto:` (the
 * payment link e-mailed from the PC's own mail program, with nothing but an address, a subject and a body).
 */
const ALLOWED_HOSTS = new Set(['dashboard.stripe.com', 'stripe.com', 'docs.stripe.com', 'support.stripe.com']);

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol === 'mailto:') return !url.username && !url.password && !url.host;
    return url.protocol === 'https:' && !url.username && !url.password && ALLOWED_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}
