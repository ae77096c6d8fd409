/**
 * Run by the release workflow after electron-builder: every packed app in release/<version>/ has better-sqlite3's
 * native module and ITS OWN target's Stripe CLI unpacked from asar, and no other target's CLI.
 * `node scripts/packaging/check-unpacked.mjs release` exits 1 on any problem.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKED } from './packed-apps.mjs';

export function checkUnpacked(versionDir) {
  const problems = [];
  let checked = 0;
  for (const { dir, resources, target } of PACKED) {
    const unpacked = join(versionDir, dir, resources, 'app.asar.unpacked', 'node_modules');
    if (!existsSync(join(versionDir, dir))) continue;
    checked += 1;
    // better-sqlite3 13 loads its Node-API prebuild for the platform and arch it runs on.
    if (!existsSync(join(unpacked, 'better-sqlite3', 'prebuilds', `${target}.node`))) {
      problems.push(`${dir}: better-sqlite3's native module for ${target} is not unpacked`);
    }
    const binary = target.startsWith('win32') ? 'stripe.exe' : 'stripe';
    if (!existsSync(join(unpacked, '@stripe', `cli-${target}`, 'bin', binary))) {
      problems.push(`${dir}: the Stripe CLI for ${target} is not unpacked`);
    }
    const others = existsSync(join(unpacked, '@stripe'))
      ? readdirSync(join(unpacked, '@stripe')).filter((name) => name.startsWith('cli-') && name !== `cli-${target}`)
      : [];
    if (others.length > 0) problems.push(`${dir}: carries other targets' Stripe CLI too (${others.join(', ')})`);
  }
  if (checked === 0) problems.push(`no packed app found in ${versionDir}`);
  return problems;
}

const releaseDir = process.argv[2] ?? 'release';
const versions = existsSync(releaseDir) ? readdirSync(releaseDir) : [];
const problems =
  versions.length === 0 ? [`nothing in ${releaseDir}`] : versions.flatMap((v) => checkUnpacked(join(releaseDir, v)));
for (const problem of problems) console.error(`✗ ${problem}`);
if (problems.length > 0) process.exit(1);
console.log('Every packed app has better-sqlite3 and its own Stripe CLI unpacked from asar.');
