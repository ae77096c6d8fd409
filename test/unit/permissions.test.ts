import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from '#core/security/permissions';

const APP = 'https://app.till.invalid';
const training = { appOrigin: APP, allowLoopback: true };
const live = { appOrigin: APP, allowLoopback: false };

describe('browser permissions for Till pages', () => {
  it('lets Till pages reach the training simulator on loopback', () => {
    expect(isPermissionAllowed('loopback-network', `${APP}/index.html#/checkout`, training)).toBe(true);
    expect(isPermissionAllowed('local-network-access', `${APP}/`, training)).toBe(true);
  });

  it('never grants loopback outside training mode', () => {
    expect(isPermissionAllowed('loopback-network', `${APP}/index.html`, live)).toBe(false);
  });

  it.each([
    ['another origin asking for loopback', 'loopback-network', 'https://evil.example/'],
    ['a Stripe frame asking for loopback', 'loopback-network', 'https://js.stripe.com/v3/'],
    ['the camera', 'media', `${APP}/`],
    ['notifications', 'notifications', `${APP}/`],
    ['geolocation', 'geolocation', `${APP}/`],
    ['the wider local network', 'local-network', `${APP}/`],
    ['no requesting URL', 'loopback-network', undefined],
  ])('refuses %s', (_label, permission, url) => {
    expect(isPermissionAllowed(permission, url, training)).toBe(false);
  });
});
