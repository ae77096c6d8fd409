/** Shared setup for the simulator's checks: a simulator on an ephemeral port and a stripe-node client for it. */
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../src';
import { expectStripeShape } from './openapi';

export interface TestSim {
  sim: RunningSimulator;
  stripe: Stripe;
  /** Every object returned through `check()` is validated against Stripe's OpenAPI schema. */
  check: <T>(value: T) => T;
  /** Raw HTTP: form-encoded body, any key (or none). */
  http: (
    method: string,
    path: string,
    opts?: { key?: string | null; body?: string; headers?: Record<string, string>; json?: unknown },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON (or HTML text) that tests probe freely
  ) => Promise<{ status: number; headers: Headers; body: any }>;
  close: () => Promise<void>;
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ port: 0, asyncDelayMs: 60_000, builtInPlugins: false, ...options });
  const stripe = new Stripe(sim.keys.secret, {
    host: '127.0.0.1',
    port: sim.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
  const check = <T>(value: T): T => {
    expectStripeShape(value);
    return value;
  };
  const http: TestSim['http'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? sim.keys.secret : opts.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined = opts.body;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${sim.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML pages
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return { sim, stripe, check, http, close: () => sim.close() };
}

/** PaymentIntents for cards only (API 2026-10-28: `allowed_payment_method_types`), as Till creates them. */
export const CARD_ONLY: Pick<Stripe.PaymentIntentCreateParams, 'allowed_payment_method_types'> = {
  allowed_payment_method_types: ['card'],
};

/** Runs `fn` and returns the error it throws (fails if it does not). */
export async function rejectionOf<E = Error>(fn: () => Promise<unknown>): Promise<E> {
  try {
    await fn();
  } catch (err) {
    return err as E;
  }
  throw new Error('expected the call to fail');
}

/**
 * One simulator for the whole test file: started before its first test, closed after its last. The handle reads
 * through to it, so a file writes `const t = simulatorForFile();` and then `t.stripe`, `t.http` in its tests.
 */
export function simulatorForFile(options: SimulatorOptions = {}): TestSim {
  let current: TestSim | null = null;
  beforeAll(async () => {
    current = await startTestSim(options);
  });
  afterAll(() => current?.close());
  return new Proxy({} as TestSim, {
    get(_target, key) {
      if (!current) throw new Error('the simulator starts in beforeAll: use it inside a test');
      return current[key as keyof TestSim];
    },
  });
}
