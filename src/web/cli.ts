/**
 * `npm run start:web`: Till in the browser. Prints the URL to open; Ctrl+C stops it.
 * The order log lives in TILL_DATA_DIR, or where the desktop app keeps it.
 */
import { resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { createTill, resolveStripeConnection } from '#core/create-till';
import { defaultDataDir } from '#core/data-dir';
import { startTraining } from '#core/training';
import { startPreviewServer } from './preview-server';
import { previewShell } from './preview-shell';

const dataDir = resolve(process.env.TILL_DATA_DIR || defaultDataDir());
const port = process.env.TILL_PREVIEW_PORT ? Number(process.env.TILL_PREVIEW_PORT) : 0;

const training = resolveStripeConnection({ env: process.env }) ? null : await startTraining(dataDir);
const till = createTill({
  dataDir,
  version: packageJson.version,
  stripe: training?.connection,
  shell: previewShell,
});
const server = await startPreviewServer({
  till,
  rendererDir: resolve('out/renderer'),
  bridgeFile: resolve('out/web/bridge.js'),
  port,
  payments: training ? { kind: 'simulator', origin: training.simulator.url } : { kind: 'stripe' },
});

await till.startBackground();
console.log(`Till browser preview (${till.mode} mode), order log in ${dataDir}`);
if (training) console.log(`Training mode: the Stripe simulator is on ${training.simulator.url}`);
console.log(`Open: ${server.url}`);

const stop = async () => {
  await server.close();
  await training?.close();
  await till.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
