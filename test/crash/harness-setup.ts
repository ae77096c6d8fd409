/**
 * What the three crash harnesses (test/integration/*crash-harness.test.ts) set up alike: the simulator with its state
 * file and idempotency-key tracker, a Stripe client on it, the order log's place. Till as their workers open it is in
 * crash-till.ts (the workers run outside Vitest).
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type RunningSimulator } from '@till/stripe-simulator';
import { tempDir } from '../support/temp-dir';
import type { CrashConnection } from './crash-till';
import { readLog, trackIdempotencyKeys } from './evidence';

/**
 * The harness's side, set up before its own `beforeAll` and closed after its tests: `sim` and `stripe` are there once
 * the tests run. The simulator keeps its state in a file and runs without its built-in plugins, as Stripe would
 * outlive every killed Till.
 */
export function crashHarness(dirPrefix: string) {
  const dir = tempDir(dirPrefix);
  const dataDir = join(dir.path, 'till');
  const { keys, plugin: tracker } = trackIdempotencyKeys();
  const harness = {
    dataDir,
    /** What the simulator saw of each idempotency key (evidence.ts). */
    keys,
    sim: undefined as unknown as RunningSimulator,
    /** Stripe's own client on the simulator, for the verification. */
    stripe: undefined as unknown as Stripe,
    /** Reads the log a killed (or stopped) worker left. */
    withLog: <T>(read: (db: Database.Database) => T): T => readLog(dataDir, read),
    connection: (): CrashConnection => ({
      dataDir,
      simUrl: harness.sim.url,
      secretKey: harness.sim.keys.secret,
      publishableKey: harness.sim.keys.publishable,
    }),
  };
  beforeAll(async () => {
    const sim = await startSimulator({
      port: 0,
      stateFile: join(dir.path, 'stripe-simulator.json'),
      builtInPlugins: false,
      plugins: [tracker],
    });
    harness.sim = sim;
    harness.stripe = new Stripe(sim.keys.secret, {
      host: '127.0.0.1',
      port: sim.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
  });
  afterAll(async () => {
    await harness.sim?.close();
    dir.cleanup();
  });
  return harness;
}
