import { describe, expect, it } from 'vitest';
import { isInAppNavigation } from '#core/security/navigation';

const APP = 'https://app.till.invalid';

describe('where a Till window may navigate', () => {
  it.each(['https://app.till.invalid/index.html#/history', 'https://app.till.invalid/'])('stays on %s', (url) => {
    expect(isInAppNavigation(url, APP)).toBe(true);
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a look-alike host', 'https://app.till.invalid.evil.example/index.html'],
    ['plain http', 'http://app.till.invalid/index.html'],
    ["Stripe's pages", 'https://js.stripe.com/v3/'],
    ['a local file', 'file:///etc/passwd'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['garbage', 'not a url'],
  ])('never goes to %s', (_label, url) => {
    expect(isInAppNavigation(url, APP)).toBe(false);
  });
});
