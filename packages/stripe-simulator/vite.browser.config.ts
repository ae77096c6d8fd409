import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * The Stripe simulator's browser assets (src/browser), served by its stripejs plugin from dist/browser:
 *   stripe.js                   the Stripe.js stand-in, a classic script (IIFE) the page loads with <script src>
 *   elements/card-frame.html    the card frame page, with
 *   elements/card-frame.js      its script (a classic script too: no module loading inside the frame)
 *   elements/card-frame.css     and its stylesheet.
 * Two IIFE builds (an IIFE cannot have two entries), run one after the other by `vite build -c vite.browser.config.ts` through the
 * builder API.
 */
const root = import.meta.dirname;
const source = resolve(root, 'src/browser');

export const SIMULATOR_BROWSER_OUT_DIR = resolve(root, 'dist/browser');

function copyFramePage(outDir: string): Plugin {
  return {
    name: 'simulator-browser-frame-page',
    apply: 'build',
    writeBundle() {
      for (const file of ['card-frame.html', 'card-frame.css']) {
        const target = resolve(outDir, 'elements', file);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(resolve(source, 'frame', file), target);
      }
    },
  };
}

/** The config for an output folder (tests build into a temporary one). */
export function simulatorBrowserConfig(outDir: string = SIMULATOR_BROWSER_OUT_DIR): UserConfig {
  const iife = (entry: string, fileName: string, name: string) => ({
    consumer: 'client' as const,
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: false,
      sourcemap: false,
      lib: { entry: resolve(source, entry), formats: ['iife' as const], name, fileName: () => fileName },
    },
  });
  return {
    configFile: false,
    root,
    publicDir: false,
    logLevel: 'warn',
    environments: {
      stripejs: iife('stripe.ts', 'stripe.js', 'StripeSimulatorStandIn'),
      cardFrame: iife('frame/card-frame.ts', 'elements/card-frame.js', 'StripeSimulatorCardFrame'),
    },
    plugins: [copyFramePage(outDir)],
    builder: {
      async buildApp(builder) {
        const { rmSync } = await import('node:fs');
        rmSync(outDir, { recursive: true, force: true });
        await builder.build(builder.environments.stripejs!);
        await builder.build(builder.environments.cardFrame!);
      },
    },
  } as UserConfig;
}

export default defineConfig(simulatorBrowserConfig());
