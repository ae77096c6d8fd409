import { describe, expect, it } from 'vitest';
import { buildCsp, type CspOptions } from '#core/security/csp';

function directives(options: CspOptions): Map<string, string[]> {
  return new Map(
    buildCsp(options)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

const SIMULATOR = 'http://127.0.0.1:43111';

describe("the Content-Security-Policy of Till's pages", () => {
  it.each<CspOptions['payments']>([{ kind: 'stripe' }, { kind: 'simulator', origin: SIMULATOR }, { kind: 'none' }])(
    'never lets a page run inline or eval-ed script, plugins, forms or framing (%o)',
    (payments) => {
      const csp = directives({ payments });
      expect(csp.get('default-src')).toEqual(["'self'"]);
      for (const value of csp.get('script-src')!) {
        expect(value).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|^\*$|^https?:$|^data:$/);
      }
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('form-action')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    },
  );

  it("allows Stripe.js and Stripe's frames and API with live or test keys, and no simulator", () => {
    const csp = directives({ payments: { kind: 'stripe' } });
    expect(csp.get('script-src')).toEqual(["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com']);
    expect(csp.get('frame-src')).toContain('https://js.stripe.com');
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
    expect(buildCsp({ payments: { kind: 'stripe' } })).not.toContain('127.0.0.1');
  });

  it("in training mode allows the simulator's origin in place of Stripe's", () => {
    const csp = directives({ payments: { kind: 'simulator', origin: SIMULATOR } });
    expect(csp.get('script-src')).toEqual(["'self'", SIMULATOR]);
    expect(csp.get('frame-src')).toEqual([SIMULATOR]);
    expect(buildCsp({ payments: { kind: 'simulator', origin: SIMULATOR } })).not.toContain('stripe.com');
  });

  it('without a card form allows no frames at all', () => {
    expect(directives({ payments: { kind: 'none' } }).get('frame-src')).toEqual(["'none'"]);
  });
});
