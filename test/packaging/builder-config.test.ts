import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
/** The parts of the configuration these tests read; the schema checks the whole. */
interface BuilderConfig {
  win: { target: unknown; icon: string; files: string[] };
  mac: { target: unknown; icon: string; entitlements: string; files: string[] };
  linux: { target: unknown; icon: string; files: string[] };
  nsis: Record<string, unknown>;
  files: string[];
  asarUnpack: string[];
  beforePack: string;
  afterSign: string;
  electronFuses: unknown;
  publish: unknown;
}
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
/** electron-builder's own JSON schema for its configuration, as the installed version ships it. */
const scheme = createRequire(import.meta.url)('app-builder-lib/scheme.json');

function validate(candidate: unknown) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const valid = ajv.validate(scheme, candidate);
  return valid ? [] : (ajv.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('electron-builder.yml', () => {
  it("is valid by electron-builder's own schema", () => {
    expect(validate(config)).toEqual([]);
  });

  it('is checked for real: a misspelt option fails the schema', () => {
    expect(validate({ ...config, nsis: { ...config.nsis, deleteAppDataOnUninstal: false } })).not.toEqual([]);
  });

  it('builds the three installers: Windows NSIS, macOS DMG for x64 and arm64, Linux AppImage', () => {
    expect(config.win.target).toBe('nsis');
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.linux.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
  });

  it('installs with a choice (all users or only me), shortcuts, and keeps the order log on uninstall', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    });
  });

  it('signs the Mac app with the hardened runtime and entitlements, and notarizes through its hook', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: false });
    const entitlements = readFileSync(join(root, config.mac.entitlements), 'utf8');
    const keys = [...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map(([, key]) => key);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.cs.disable-library-validation']);
    expect(config.afterSign).toBe('./scripts/packaging/notarize.mjs');
  });

  it('unpacks better-sqlite3 and the Stripe CLI from asar, each installer with its own platform’s CLI', () => {
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**', '**/node_modules/@stripe/cli*/**']);
    expect(config.win.files).toEqual(['!**/node_modules/@stripe/cli-!(win32-${arch}){,/**}']);
    expect(config.mac.files).toEqual(['!**/node_modules/@stripe/cli-!(darwin-${arch}){,/**}']);
    expect(config.linux.files).toEqual(['!**/node_modules/@stripe/cli-!(linux-${arch}){,/**}']);
    expect(config.beforePack).toBe('./scripts/packaging/stripe-cli-for-target.mjs');
  });

  it('sets the hardening fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes to GitHub releases, where electron-updater looks for updates', () => {
    expect(config.publish).toMatchObject({ provider: 'github' });
  });

  it('points at icons the repository holds', () => {
    for (const icon of [config.win.icon, config.mac.icon]) {
      expect(readFileSync(join(root, 'resources', icon)).length).toBeGreaterThan(1000);
    }
    expect(readFileSync(join(root, 'resources', config.linux.icon, '256x256.png')).length).toBeGreaterThan(1000);
  });
});
