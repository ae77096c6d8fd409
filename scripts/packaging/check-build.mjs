/**
 * What the production build in out/ may hold, checked before electron-builder packs it into app.asar: main, preload
 * and renderer must be there, and nothing that must not reach a shop's PC — no .env file, tests, source maps or
 * TypeScript sources, no string shaped like a Stripe secret or restricted key, and no Node built-in imported by code
 * that runs in the browser (the sandboxed renderer, the preview's bridge, the simulator's Stripe.js stand-in).
 * `checkBuild(dir)` lists the problems; `node scripts/packaging/check-build.mjs [dir]` exits 1 on any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REQUIRED_FILES = ['main/index.js', 'main/export-worker.js', 'preload/index.cjs', 'renderer/index.html'];
/** Folders whose scripts run in a browser page, not in Node. */
export const BROWSER_DIRS = ['renderer', 'web', 'simulator-browser'];

const FORBIDDEN_NAMES = [
  { test: (name) => /^\.env(\..*)?$/.test(name), why: 'an environment file' },
  { test: (name) => name.endsWith('.map'), why: 'a source map' },
  { test: (name) => /\.(c|m)?tsx?$/.test(name), why: 'a TypeScript source file' },
  { test: (name) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(name), why: 'a test' },
];
const FORBIDDEN_DIRS = new Set(['test', 'tests', '__tests__', 'e2e']);
/** A whole Stripe secret (sk_) or restricted (rk_) key; the bare prefixes Till's code builds keys from are fine. */
const KEY_SHAPED = /\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z]{16,}/;
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'`]([^"'`]+)["'`]/g;
const BUILTINS = new Set(builtinModules);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const isNodeBuiltin = (specifier) => specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]);

/** The problems found in the build at `dir`, one sentence each naming the file; empty when it is fit to ship. */
export function checkBuild(dir) {
  const problems = [];
  let all;
  try {
    all = [...files(dir)].map((path) => relative(dir, path).split(sep).join('/'));
  } catch {
    return [`There is no build at ${dir}: run npm run build first`];
  }
  for (const required of REQUIRED_FILES) {
    if (!all.includes(required)) problems.push(`${required} is missing from the build`);
  }
  for (const file of all) {
    const parts = file.split('/');
    const name = parts.at(-1);
    const forbidden = FORBIDDEN_NAMES.find(({ test }) => test(name));
    if (forbidden) problems.push(`${file} is ${forbidden.why}`);
    const dirName = parts.slice(0, -1).find((part) => FORBIDDEN_DIRS.has(part));
    if (dirName) problems.push(`${file} is in a test folder (${dirName})`);
    // latin1 reads any file, text or binary, byte for byte: a key pasted into an image is still found.
    const text = readFileSync(join(dir, file), 'latin1');
    const key = KEY_SHAPED.exec(text);
    if (key) problems.push(`${file} holds a Stripe key-shaped string (${key[0].slice(0, 8)}…)`);
    if (BROWSER_DIRS.includes(parts[0]) && /\.(c|m)?js$|\.html$/.test(name)) {
      for (const [, specifier] of text.matchAll(IMPORT_SPECIFIER)) {
        if (isNodeBuiltin(specifier))
          problems.push(`${file} imports the Node built-in ${specifier}, in a browser page`);
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'out';
  const problems = checkBuild(dir);
  for (const problem of problems) console.error(`✗ ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(`The build in ${dir} holds main, preload and renderer, and nothing it should not.`);
}
