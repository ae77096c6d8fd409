/** Shared by the Stripe.js stand-in's browser tests: a fresh build of the stand-in and a simulator serving it. */
import { join } from 'node:path';
import Stripe from 'stripe';
import { createBuilder } from 'vite';
import { startSimulator } from '../../src';
import { createStripeJsStandIn } from '../../src/stripejs';
import { simulatorBrowserConfig } from '../../vite.browser.config';

export type RunningSimulator = Awaited<ReturnType<typeof startSimulator>>;

/** Builds src/browser into `outDir` (so tests never run a stale out/ build). */
export async function buildStandIn(outDir: string): Promise<void> {
  const builder = await createBuilder(simulatorBrowserConfig(outDir));
  await builder.buildApp();
}

/** A simulator whose stand-in serves `assetsDir` (instead of the built-in one, which serves out/). */
export function startSimulatorWithStandIn(assetsDir: string): Promise<RunningSimulator> {
  return startSimulator({ port: 0, builtInPlugins: false, plugins: [createStripeJsStandIn({ assetsDir })] });
}

export function serverStripe(sim: RunningSimulator): Stripe {
  return new Stripe(sim.keys.secret, {
    host: '127.0.0.1',
    port: sim.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

export const buildDir = (root: string): string => join(root, 'simulator-browser');
