/**
 * electron-builder's beforePack hook: each installer carries the Stripe CLI binary of ITS platform and arch.
 * `@stripe/cli` pulls in only the package of the machine npm ran on (`@stripe/cli-darwin-arm64` on an Apple Silicon
 * runner), so building the x64 DMG there would ship no CLI, or the wrong one. Before each pack this fetches the
 * missing target package from the npm registry at the version `@stripe/cli` pins, into node_modules, where
 * electron-builder collects it; electron-builder.yml's `files` leaves out the other platforms' packages and
 * `asarUnpack` unpacks the one kept (src/main/core/events/stripe-cli-binary.ts runs it from app.asar.unpacked).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** builder-util's Arch enum, by number (the hook is handed the number). */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** The npm packages a target needs: a universal macOS build holds both of the Mac's. */
export function stripeCliPackagesFor(platform, arch) {
  const archs = arch === 'universal' ? ['x64', 'arm64'] : [arch];
  return archs.map((one) => `@stripe/cli-${platform}-${one}`);
}

/** The version `@stripe/cli` pins for a platform package; throws when the CLI ships none for that target. */
export function pinnedVersion(root, pkg) {
  const wrapper = JSON.parse(readFileSync(join(root, 'node_modules/@stripe/cli/package.json'), 'utf8'));
  const version = wrapper.optionalDependencies?.[pkg];
  if (!version) throw new Error(`The Stripe CLI has no build for this installer's target (${pkg} does not exist)`);
  return version;
}

/** Puts `pkg@version` into root/node_modules unless its binary is there already; returns whether it fetched. */
export function ensureStripeCli(root, pkg, { pack = npmPack } = {}) {
  const dir = join(root, 'node_modules', pkg);
  const binary = join(dir, 'bin', pkg.includes('-win32-') ? 'stripe.exe' : 'stripe');
  if (existsSync(binary)) return false;
  const version = pinnedVersion(root, pkg);
  const scratch = mkdtempSync(join(tmpdir(), 'till-stripe-cli-'));
  try {
    const tarball = pack(`${pkg}@${version}`, scratch);
    mkdirSync(dir, { recursive: true });
    // An npm tarball holds everything under package/.
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`${pkg}@${version} holds no ${binary}`);
  return true;
}

function npmPack(spec, destination) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['pack', spec, '--pack-destination', destination, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
  return join(destination, tarball);
}

export default async function beforePack(context) {
  const root = context.packager.info.projectDir;
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  // Both Mac packages at once: electron-builder collects node_modules once per platform, before the second arch.
  const packages =
    platform === 'darwin' ? stripeCliPackagesFor('darwin', 'universal') : stripeCliPackagesFor(platform, arch);
  for (const pkg of packages) {
    if (ensureStripeCli(root, pkg)) console.log(`  • fetched ${pkg} for the ${platform}-${arch} installer`);
  }
}
