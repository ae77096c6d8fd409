/**
 * Till's pages are served from an https origin that main answers itself. `.invalid` is reserved (RFC 2606), so
 * this host can never be a real site; https is needed because live Stripe.js refuses plain or file:// pages.
 */
export const APP_HOST = 'app.till.invalid';
export const APP_ORIGIN = `https://${APP_HOST}`;

export const pageUrl = (route: 'checkout' | 'history') => `${APP_ORIGIN}/index.html#/${route}`;
