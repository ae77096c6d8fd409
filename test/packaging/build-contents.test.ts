import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBuild } from '../../scripts/packaging/check-build.mjs';

/** `npm test` builds before the unit tests, so out/ is the build electron-builder would pack. */
const BUILD = join(import.meta.dirname, '../../out');

describe('the production build in out/', () => {
  it('holds main, preload and renderer, and nothing it should not', () => {
    expect(checkBuild(BUILD)).toEqual([]);
  });
});

describe('the build check, on a copy of the build with something planted in it', () => {
  let copy: string;
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  function plant(file: string, text: string): string[] {
    copy = mkdtempSync(join(tmpdir(), 'till-build-'));
    cpSync(BUILD, copy, { recursive: true });
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    writeFileSync(join(copy, file), text);
    return checkBuild(copy);
  }

  it.each([
    ['main/.env', 'STRIPE_SECRET_KEY=x', 'main/.env is an environment file'],
    ['main/index.js.map', '{}', 'main/index.js.map is a source map'],
    ['renderer/assets/app.tsx', 'export {}', 'renderer/assets/app.tsx is a TypeScript source file'],
    ['main/checkout.test.js', '', 'main/checkout.test.js is a test'],
    ['main/test/helper.js', '', 'main/test/helper.js is in a test folder (test)'],
  ])('fails on a file that must not ship: %s', (file, text, problem) => {
    expect(plant(file, text)).toContain(problem);
  });

  it('fails on a Stripe secret or restricted key anywhere, and names the file', () => {
    const secret = ['sk', 'live', '51HxYzAbCdEfGhIjKlMnOpQr'].join('_');
    const restricted = ['rk', 'test', '51HxYzAbCdEfGhIjKlMnOpQr'].join('_');
    expect(plant('main/config.js', `const key = "${secret}";`)).toEqual([
      'main/config.js holds a Stripe key-shaped string (sk_live_…)',
    ]);
    expect(plant('renderer/assets/logo.png', `\u0089PNG ${restricted}`)).toEqual([
      'renderer/assets/logo.png holds a Stripe key-shaped string (rk_test_…)',
    ]);
  });

  it('fails on a Node built-in imported by browser code, not by main', () => {
    expect(plant('renderer/assets/extra.js', 'import { readFileSync } from "node:fs";')).toEqual([
      'renderer/assets/extra.js imports the Node built-in node:fs, in a browser page',
    ]);
    expect(plant('web/extra.js', 'const cp = require("child_process");')).toEqual([
      'web/extra.js imports the Node built-in child_process, in a browser page',
    ]);
    expect(plant('main/extra.js', 'import { readFileSync } from "node:fs";')).toEqual([]);
  });

  it('fails when main, preload or renderer is missing', () => {
    copy = mkdtempSync(join(tmpdir(), 'till-build-'));
    cpSync(BUILD, copy, { recursive: true });
    rmSync(join(copy, 'preload'), { recursive: true });
    expect(checkBuild(copy)).toEqual(['preload/index.cjs is missing from the build']);
  });
});
