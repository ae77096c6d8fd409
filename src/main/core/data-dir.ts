import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Electron would put Till's userData on this platform, so that the browser preview and the desktop app
 * open the same order log by default.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Till');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Till');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Till');
}
