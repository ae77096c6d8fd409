/**
 * The apps electron-builder packed into release/<version>/: one folder per target, each with its resources folder
 * (app.asar and app.asar.unpacked). Read by check-unpacked.mjs and by the packaged app's Electron test.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** electron-builder's unpacked folders, and the target (platform-arch) each one is. */
export const PACKED = [
  { dir: 'win-unpacked', resources: 'resources', target: 'win32-x64' },
  { dir: 'linux-unpacked', resources: 'resources', target: 'linux-x64' },
  { dir: 'mac', resources: 'Till.app/Contents/Resources', target: 'darwin-x64' },
  { dir: 'mac-arm64', resources: 'Till.app/Contents/Resources', target: 'darwin-arm64' },
];

/** Every packed app under `releaseDir`, with the folder that holds its app.asar. */
export function packedApps(releaseDir) {
  const versions = existsSync(releaseDir) ? readdirSync(releaseDir) : [];
  return versions.flatMap((version) =>
    PACKED.filter(({ dir }) => existsSync(join(releaseDir, version, dir))).map((packed) => ({
      ...packed,
      versionDir: join(releaseDir, version),
      resourcesDir: join(releaseDir, version, packed.dir, packed.resources),
    })),
  );
}
