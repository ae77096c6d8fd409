/**
 * `npm run start:web`: Till in the browser. Prints the URL to open; Ctrl+C stops it.
 * The order log lives in TILL_DATA_DIR, or where the desktop app keeps it.
 */
import { resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { createTill } from '../main/core/create-till';
import { defaultDataDir } from '../main/core/data-dir';
import { startPreviewServer } from './preview-server';

const dataDir = resolve(process.env.TILL_DATA_DIR || defaultDataDir());
const port = process.env.TILL_PREVIEW_PORT ? Number(process.env.TILL_PREVIEW_PORT) : 0;

const till = createTill({
  dataDir,
  version: packageJson.version,
  shell: { openHistory: () => ({ url: '/#/history' }) },
});
const server = await startPreviewServer({
  till,
  rendererDir: resolve('out/renderer'),
  bridgeFile: resolve('out/web/bridge.js'),
  port,
});

console.log(`Till browser preview (${till.mode} mode), order log in ${dataDir}`);
console.log(`Open: ${server.url}`);

const stop = async () => {
  await server.close();
  till.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
