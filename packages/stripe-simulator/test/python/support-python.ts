/**
 * Where the Python suite finds things. Every path the suite assumes lives here, so that moving the simulator (and
 * its tests) only means editing this file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { startSimulator } from '../../src';
export { eventually, StripeCli } from '../support-cli';

/** Debian's interpreter, where `apt-get install python3-stripe python3-flask` puts the SDK (not pyenv's python3). */
export const PYTHON = '/usr/bin/python3';

/** The Flask shop the suite drives (Stripe's accept-a-payment sample, trimmed). */
export const SHOP_APP = join(dirname(fileURLToPath(import.meta.url)), 'shop', 'app.py');

/** Why the suite cannot run here (no interpreter, or no stripe/flask for it), or null when it can. */
export function pythonUnavailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import stripe, flask'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) {
    return `${PYTHON} lacks the stripe or flask package (apt-get install python3-stripe python3-flask): ${probe.stderr.trim().split('\n').at(-1)}`;
  }
  return null;
}

/** The running shop: its URL, what it printed, and how to stop it. */
export interface Shop {
  url: string;
  /** stdout and stderr lines, in arrival order. */
  output: string[];
  stop(): Promise<void>;
}

/** Starts the shop against the simulator and resolves once it prints its port (rejects if it exits first). */
export function startShop(env: {
  apiBase: string;
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}): Promise<Shop> {
  const child = spawn(PYTHON, ['-u', SHOP_APP], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: 'C.UTF-8',
      STRIPE_API_BASE: env.apiBase,
      STRIPE_SECRET_KEY: env.secretKey,
      STRIPE_PUBLISHABLE_KEY: env.publishableKey,
      STRIPE_WEBHOOK_SECRET: env.webhookSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the shop did not start within 15 s:\n${output.join('\n')}`));
    }, 15_000);
    const collect = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          const ready = /^listening on (\d+)$/.exec(line);
          if (ready) {
            clearTimeout(timer);
            resolve({ url: `http://127.0.0.1:${ready[1]}`, output, stop });
          }
        }
      });
    };
    collect(child.stdout!);
    collect(child.stderr!);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the shop exited before listening:\n${output.join('\n')}`));
    });
  });
}
