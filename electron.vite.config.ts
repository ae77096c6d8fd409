import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Training mode serves the simulator's Stripe.js stand-in, which its package builds into dist/browser
 * (`npm run build -w @till/stripe-simulator`, run first by `npm run build`). The simulator is bundled into
 * out/main, where it looks for the assets in ../simulator-browser: copy them there, inside the packaged app.
 */
function simulatorBrowserAssets(): Plugin {
  const from = resolve('packages/stripe-simulator/dist/browser');
  return {
    name: 'till-simulator-browser-assets',
    apply: 'build',
    writeBundle() {
      if (!existsSync(resolve(from, 'stripe.js'))) {
        throw new Error(`The simulator's browser assets are missing (${from}): run npm run build.`);
      }
      cpSync(from, resolve('out/simulator-browser'), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    // The simulator (a devDependency, like everything bundled) goes into out/main; its own dependencies stay
    // external and ship as Till's.
    plugins: [simulatorBrowserAssets()],
    build: {
      rollupOptions: {
        // The export's worker thread (export-in-parts.ts) runs a script of its own, found beside the code that
        // starts it: every chunk of the main process goes in out/main itself, not a folder below it.
        input: {
          index: resolve('src/main/index.ts'),
          'export-worker': resolve('src/main/core/orders/export-worker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': it must be one self-contained CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    resolve: {
      alias: {
        'use-sync-external-store/shim/index.js': resolve('src/renderer/src/react-sync-external-store.ts'),
      },
    },
    build: {
      minify: true,
      // Chromium (Electron's and the preview's) has modulepreload: the polyfill would only add bytes to the entry.
      modulePreload: { polyfill: false },
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
