/**
 * Training mode: with no Stripe keys, Till talks to the built-in Stripe simulator, started in this process on a
 * free loopback port. Its state lives next to the order log, so training history survives a restart.
 * Used by both hosts (Electron main and the browser preview); core only ever sees a StripeConnection.
 */
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '@till/stripe-simulator';
import type { StripeConnection } from './payments/stripe-client';

export interface Training {
  simulator: RunningSimulator;
  connection: StripeConnection;
  close(): Promise<void>;
}

export const SIMULATOR_STATE_FILE = 'stripe-simulator.json';

/**
 * `persist: false` keeps the simulator's state in memory only: benchmarks use it, since Stripe's own storage is
 * not on the shop PC's disk and must not compete with the order log's flushes there.
 */
export async function startTraining(dataDir: string, { persist = true } = {}): Promise<Training> {
  const simulator = await startSimulator({
    port: 0,
    // As a Stripe account does: what is available is paid out once a day, so the end of day has payouts to show.
    automaticPayouts: true,
    ...(persist ? { stateFile: join(dataDir, SIMULATOR_STATE_FILE) } : {}),
  });
  return {
    simulator,
    connection: {
      mode: 'training',
      secretKey: simulator.keys.secret,
      publishableKey: simulator.keys.publishable,
      apiBase: simulator.url,
      stripeJsUrl: `${simulator.url}/v3/stripe.js`,
      webhookSecret: simulator.webhookSecret,
    },
    close: () => simulator.close(),
  };
}
