export interface Packed {
  dir: string;
  resources: string;
  /** platform-arch, as Node says them: win32-x64, darwin-arm64… */
  target: string;
}
/** electron-builder's unpacked folders, and the target each one is. */
export declare const PACKED: readonly Packed[];
/** Every packed app under `releaseDir`, with the folder that holds its app.asar. */
export declare function packedApps(releaseDir: string): (Packed & { versionDir: string; resourcesDir: string })[];
