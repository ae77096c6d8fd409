import { join, normalize, sep } from 'node:path';

/**
 * The built renderer file a request path names, or null when it names none: a path that climbs out of the
 * renderer folder (`/../`, also percent-encoded) or cannot be decoded. Free of Electron so Vitest can check it.
 */
export function rendererFilePath(rendererDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(rendererDir, decoded));
  return file.startsWith(rendererDir + sep) ? file : null;
}
