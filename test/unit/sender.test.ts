import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '#core/ipc/sender';

const APP = 'https://app.till.invalid';

describe('the IPC sender check', () => {
  it.each([
    'https://app.till.invalid/index.html#/checkout',
    'https://app.till.invalid/',
    'https://APP.till.invalid/index.html',
  ])('trusts Till pages: %s', (url) => {
    expect(isTrustedSender(url, APP)).toBe(true);
  });

  it.each([
    ['another https site', 'https://evil.example/index.html'],
    ['a look-alike host', 'https://app.till.invalid.evil.example/'],
    ['plain http on the same host', 'http://app.till.invalid/index.html'],
    ['a different port', 'https://app.till.invalid:8443/'],
    ['a Stripe frame', 'https://js.stripe.com/v3/elements-inner-card.html'],
    ['file://', 'file:///C:/Users/shop/till/index.html'],
    ['credentials in the URL', 'https://user:pass@app.till.invalid/'],
    ['an empty URL', ''],
    ['no frame at all', undefined],
    ['garbage', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(isTrustedSender(url, APP)).toBe(false);
  });
});
