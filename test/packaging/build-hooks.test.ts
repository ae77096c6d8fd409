import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notarizeCredentials } from '../../scripts/packaging/notarize.mjs';
import { ensureStripeCli, stripeCliPackagesFor } from '../../scripts/packaging/stripe-cli-for-target.mjs';

describe('macOS notarization (the afterSign hook)', () => {
  it('notarizes with an Apple ID and app-specific password, or with an App Store Connect API key', () => {
    expect(
      notarizeCredentials({ APPLE_ID: 'owner@shop.ca', APPLE_APP_SPECIFIC_PASSWORD: 'abcd', APPLE_TEAM_ID: 'TEAM1' }),
    ).toEqual({ ok: true, credentials: { appleId: 'owner@shop.ca', appleIdPassword: 'abcd', teamId: 'TEAM1' } });
    expect(
      notarizeCredentials({ APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'KEY1', APPLE_API_ISSUER: 'issuer' }),
    ).toEqual({ ok: true, credentials: { appleApiKey: '/k.p8', appleApiKeyId: 'KEY1', appleApiIssuer: 'issuer' } });
  });

  it('skips with a message naming the variables when credentials are missing or incomplete', () => {
    const skipped = notarizeCredentials({ APPLE_ID: 'owner@shop.ca', APPLE_TEAM_ID: 'TEAM1' });
    expect(skipped.ok).toBe(false);
    expect(skipped.ok === false && skipped.reason).toMatch(/Skipping macOS notarization.*APPLE_APP_SPECIFIC_PASSWORD/);
  });
});

describe("each installer's own Stripe CLI (the beforePack hook)", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'till-cli-'));
    mkdirSync(join(root, 'node_modules/@stripe/cli'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules/@stripe/cli/package.json'),
      JSON.stringify({
        optionalDependencies: { '@stripe/cli-darwin-x64': '1.52.0', '@stripe/cli-win32-x64': '1.52.0' },
      }),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Stands in for `npm pack`: a tarball laid out as npm's, holding the binary. */
  function fakePack(file: string, packed: string[]) {
    return (spec: string, destination: string) => {
      packed.push(spec);
      mkdirSync(join(destination, 'package/bin'), { recursive: true });
      writeFileSync(join(destination, 'package/bin', file), 'binary');
      execFileSync('tar', ['-czf', join(destination, 'cli.tgz'), '-C', destination, 'package']);
      return join(destination, 'cli.tgz');
    };
  }

  it('a Mac build needs both Mac packages; another target its own', () => {
    expect(stripeCliPackagesFor('darwin', 'universal')).toEqual(['@stripe/cli-darwin-x64', '@stripe/cli-darwin-arm64']);
    expect(stripeCliPackagesFor('win32', 'x64')).toEqual(['@stripe/cli-win32-x64']);
  });

  it("fetches a target's package at the version @stripe/cli pins, once", () => {
    const packed: string[] = [];
    expect(ensureStripeCli(root, '@stripe/cli-win32-x64', { pack: fakePack('stripe.exe', packed) })).toBe(true);
    expect(existsSync(join(root, 'node_modules/@stripe/cli-win32-x64/bin/stripe.exe'))).toBe(true);
    expect(ensureStripeCli(root, '@stripe/cli-win32-x64', { pack: fakePack('stripe.exe', packed) })).toBe(false);
    expect(packed).toEqual(['@stripe/cli-win32-x64@1.52.0']);
  });

  it('stops the build when the CLI has no package for the target, or the package has no binary', () => {
    expect(() => ensureStripeCli(root, '@stripe/cli-win32-arm64', { pack: fakePack('stripe.exe', []) })).toThrow(
      /no build for this installer's target/,
    );
    expect(() => ensureStripeCli(root, '@stripe/cli-darwin-x64', { pack: fakePack('other', []) })).toThrow(
      /holds no .*stripe$/,
    );
  });
});
