import { spawn } from 'node:child_process';

/**
 * The command that opens a URL in the user's default browser on each desktop. Windows goes through
 * url.dll rather than `cmd /c start`, whose shell parsing would need the URL escaped.
 */
export function browserCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Opens the preview's link in the default browser without waiting for it. A machine with no desktop (a server,
 * a container) has no opener: then `onFailure` says so and the printed link still works.
 */
export function openInBrowser(url: string, onFailure: (reason: string) => void): void {
  const { command, args } = browserCommand(process.platform, url);
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', (error) => onFailure(error.message));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) onFailure(`${command} exited with code ${code}`);
  });
  child.unref();
}
