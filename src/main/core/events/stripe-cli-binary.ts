/**
 * Where the Stripe CLI's Go binary is. `@stripe/cli` (a dependency) pulls in one optional package per platform,
 * `@stripe/cli-<platform>-<arch>`, holding `bin/stripe` (`bin/stripe.exe` on Windows); its own `bin/shim.js` finds
 * the binary the same way. We run the binary directly rather than through the Node shim: Electron's node cannot
 * run scripts (the runAsNode fuse is off), and one process is easier to stop than two.
 *
 * In a packaged app the module paths point inside `app.asar`, which the OS cannot execute from; electron-builder
 * unpacks `@stripe/cli*` next to it (`asarUnpack` in electron-builder.yml), so the path is rewritten to
 * `app.asar.unpacked`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix, win32 } from 'node:path';

export interface ResolveStripeCliOptions {
  platform?: NodeJS.Platform;
  arch?: string;
  /** How to resolve a module id to a file (tests). Default: Node's resolution from this file. */
  resolve?: (id: string) => string;
  /** Whether a file exists (tests). */
  exists?: (path: string) => boolean;
}

export class StripeCliMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StripeCliMissingError';
  }
}

/** `@stripe/cli-linux-x64`, `@stripe/cli-win32-x64`, … */
export function stripeCliPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@stripe/cli-${platform}-${arch}`;
}

/** `…/app.asar/…` → `…/app.asar.unpacked/…` (either separator); other paths unchanged. */
export function unpackedAsarPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}

/** The absolute path of the Stripe CLI binary for this platform; throws StripeCliMissingError when absent. */
export function resolveStripeCliBinary(options: ResolveStripeCliOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const resolve = options.resolve ?? createRequire(import.meta.url).resolve;
  const exists = options.exists ?? existsSync;
  const pkg = stripeCliPackageName(platform, arch);
  const file = platform === 'win32' ? 'stripe.exe' : 'stripe';

  let packageJson: string;
  try {
    packageJson = resolve(`${pkg}/package.json`);
  } catch {
    throw new StripeCliMissingError(
      `The Stripe CLI is not installed for this computer (${platform}-${arch}): the package ${pkg} was not found. ` +
        'Reinstall Till, or install it with `npm install @stripe/cli` on a supported platform.',
    );
  }
  const path = platform === 'win32' ? win32 : posix;
  const binary = unpackedAsarPath(path.join(path.dirname(packageJson), 'bin', file));
  if (!exists(binary)) {
    throw new StripeCliMissingError(`The Stripe CLI package ${pkg} is installed but its binary is missing: ${binary}`);
  }
  return binary;
}
