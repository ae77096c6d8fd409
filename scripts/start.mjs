/**
 * `npm start`: builds Till and opens the desktop app. Where no Electron binary is installed, says so in one
 * line and opens the browser preview instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { electronBinaryPath } from './electron-binary.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const binary = electronBinaryPath();

if (!binary) {
  console.log(
    'No Electron binary is installed here (ELECTRON_SKIP_BINARY_DOWNLOAD?), so Till starts in the browser preview instead.',
  );
  const preview = spawn(npm, ['run', 'start:web'], { stdio: 'inherit', shell: process.platform === 'win32' });
  preview.on('exit', (code) => process.exit(code ?? 0));
} else {
  const build = spawnSync(npm, ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawn(binary, ['.'], { stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
}
