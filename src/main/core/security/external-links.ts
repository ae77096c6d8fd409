/** Links that may leave the app, opened in the OS browser: Stripe's dashboard and docs, nothing else. */
const ALLOWED_HOSTS = new Set(['dashboard.stripe.com', 'stripe.com', 'docs.stripe.com', 'support.stripe.com']);

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && !url.username && !url.password && ALLOWED_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}
