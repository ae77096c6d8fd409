/**
 * The Content-Security-Policy of Till's pages, sent as a response header by both hosts (Electron's protocol
 * handler and the browser preview). Stripe's hosts are allowed exactly as Stripe documents for Stripe.js; in
 * training mode the simulator's origin takes their place.
 */
export interface CspOptions {
  /** Where card forms come from: real Stripe.js, the simulator's stand-in, or nowhere. */
  payments: { kind: 'stripe' } | { kind: 'simulator'; origin: string } | { kind: 'none' };
  /** Extra origins for development tooling (Vite's HMR socket). */
  devOrigins?: string[];
}

const STRIPE = {
  script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com'],
};

export function buildCsp({ payments, devOrigins = [] }: CspOptions): string {
  const script = ["'self'"];
  const frame: string[] = [];
  const connect = ["'self'", ...devOrigins];
  if (payments.kind === 'stripe') {
    script.push(...STRIPE.script);
    frame.push(...STRIPE.frame);
    connect.push(...STRIPE.connect);
  } else if (payments.kind === 'simulator') {
    script.push(payments.origin);
    frame.push(payments.origin);
    connect.push(payments.origin);
  }
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', script],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', connect],
    ['frame-src', frame.length ? frame : ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
