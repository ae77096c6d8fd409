/**
 * The Content-Security-Policy of a strict merchant page that loads the stand-in, as the README tells a page to
 * allow it: the simulator's origin takes the place of js.stripe.com for scripts and frames, and of api.stripe.com
 * for requests. Nothing else is allowed, so a stand-in that reached anywhere else would fail these tests.
 */
export function merchantCsp(simulatorOrigin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${simulatorOrigin}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${simulatorOrigin}`,
    `frame-src ${simulatorOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
