import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '#core/security/external-links';

describe('links Till opens in the OS browser', () => {
  it.each([
    'https://dashboard.stripe.com/test/payments/pi_123',
    'https://docs.stripe.com/testing',
    'https://stripe.com/',
    'https://support.stripe.com/',
    'mailto:pat@example.com?subject=Your%20payment%20link&body=https%3A%2F%2Fcheckout.stripe.com%2Fc%2Fpay%2Fcs_1',
    'mailto:?subject=Your%20payment%20link',
  ])("opens Stripe's page or the mail program: %s", (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a look-alike host', 'https://dashboard.stripe.com.evil.example/'],
    ['plain http', 'http://dashboard.stripe.com/'],
    ['credentials in the URL', 'https://user:pass@dashboard.stripe.com/'],
    ['a local file', 'file:///C:/Windows/System32/calc.exe'],
    ['a shell protocol', 'ms-msdt:/id PCWDiagnostic'],
    ['a UNC share', 'file://attacker.example/share/run.exe'],
    ['javascript:', 'javascript:alert(1)'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
