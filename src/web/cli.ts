/**
 * `npm run start:web`: Till in the browser. Prints the URL to open (and opens it with `--open`, as `npm start`
 * asks); Ctrl+C stops it. The order log lives in TILL_DATA_DIR, or where the desktop app keeps it.
 */
import { resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { defaultDataDir } from '#core/data-dir';
import { startTillHost } from '#core/till-host';
import { createFileKeyVault } from './file-key-vault';
import { openInBrowser } from './open-browser';
import { startPreviewServer } from './preview-server';
import { previewOptions } from './preview-options';
import { previewShell } from './preview-shell';

const dataDir = resolve(process.env.TILL_DATA_DIR || defaultDataDir());
const { port, openBrowser } = previewOptions(process.argv.slice(2), process.env);

const host = await startTillHost({
  dataDir,
  version: packageJson.version,
  env: process.env,
  vault: createFileKeyVault(dataDir),
  shell: previewShell,
  stripeApiBase: process.env.TILL_STRIPE_API_BASE || undefined,
  background: true,
});
const server = await startPreviewServer({
  till: host,
  rendererDir: resolve('out/renderer'),
  bridgeFile: resolve('out/web/bridge.js'),
  port,
  payments: () => host.payments(),
});

console.log(`Till browser preview (${host.till.mode} mode), order log in ${dataDir}`);
if (host.training) console.log(`Training mode: the Stripe simulator is on ${host.training.simulator.url}`);
console.log(`Open: ${server.url}`);
console.log('This link works once, for one browser (which stays signed in); restart the preview for a fresh one.');
if (openBrowser) {
  openInBrowser(server.url, (reason) =>
    console.log(`Could not open a browser (${reason}): open the link above yourself.`),
  );
  console.log('Opening it in your default browser (--no-open or BROWSER=none to not). Ctrl+C stops Till.');
} else {
  console.log('Ctrl+C stops Till.');
}

const stop = async () => {
  await server.close();
  await host.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
