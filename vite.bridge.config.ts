import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The browser preview's `window.till` over HTTP: one classic script the preview server injects before the app. */
export default defineConfig({
  build: {
    outDir: resolve('out/web'),
    emptyOutDir: true,
    lib: {
      entry: resolve('src/web/bridge/bridge.ts'),
      formats: ['iife'],
      name: 'TillBridge',
      fileName: () => 'bridge.js',
    },
  },
});
