/**
 * `npm start`: builds Till and opens the desktop app. Where no Electron binary is installed, says so in one
 * line and starts the browser preview instead, opening it in the default browser (`npm start -- --no-open` or
 * BROWSER=none to not; `npm start -- --port 8080` for a fixed port). Ctrl+C stops either.
 */
import { spawn, spawnSync } from 'node:child_process';
import { electronBinaryPath } from './electron-binary.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const binary = electronBinaryPath();

if (!binary) {
  console.log(
    'No Electron binary is installed here (`npx install-electron` downloads it), so Till starts in the browser preview instead.',
  );
  const preview = spawn(npm, ['run', 'start:web', '--', '--open', ...process.argv.slice(2)], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  // Ctrl+C reaches the preview too (one process group): wait for it to close the order log, then leave with it.
  process.on('SIGINT', () => {});
  preview.on('exit', (code) => process.exit(code ?? 0));
} else {
  const build = spawnSync(npm, ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawn(binary, ['.'], { stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
}
