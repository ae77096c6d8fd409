/**
 * Where the Electron binary is, or null when it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or a
 * machine that cannot reach GitHub). Checked without require('electron'), which would try to download it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinaryPath() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relativePath = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  if (!relativePath) return null;
  const binary = join(distDir, relativePath);
  return existsSync(binary) ? binary : null;
}
