/**
 * Stripe simulator throughput: PaymentIntent create+confirm over real HTTP (loopback TCP) with stripe-node
 * (keep-alive agent, maxNetworkRetries 0), sequentially and with 8 requests in flight.
 *
 * By default the simulator runs in the benchmark's process, as in Till's training mode (main process: stripe-node +
 * the in-process simulator). `--child` runs it as `npm run simulator` does, in its own process. The machine is
 * shared: run it when nothing else is busy (other jobs halve the numbers).
 *
 *   npx tsx bench/simulator.ts [--count 3000] [--warmup 2000] [--child]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { startSimulator } from '@till/stripe-simulator';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3000' },
    warmup: { type: 'string', default: '2000' },
    child: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const WARMUP = Number(values.warmup);
// tsx turns on source maps, which makes every `new Error()` (stripe-node makes one per request for async stack
// traces) resolve source positions; Till's bundled main process does not pay that, so neither does the benchmark.
process.setSourceMapsEnabled(false);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function startChild(): Promise<{ url: string; port: number; secret: string; stop: () => void }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/simulator/cli.ts'), '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Stripe simulator listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      const secret = /secret:\s+(sk_test_\w+)/.exec(out);
      if (url && secret)
        resolve({ url: url[1]!, port: Number(url[2]), secret: secret[1]!, stop: () => child.kill('SIGTERM') });
    });
  });
}

type Op = (stripe: Stripe, i: number) => Promise<unknown>;

const oneCall: Op = (stripe, i) =>
  stripe.paymentIntents.create({
    amount: 1000 + (i % 500),
    currency: 'cad',
    confirm: true,
    payment_method: 'pm_card_visa',
    allowed_payment_method_types: ['card'],
    metadata: { order_id: String(i) },
  });

const twoCalls: Op = async (stripe, i) => {
  const pi = await stripe.paymentIntents.create({
    amount: 1000 + (i % 500),
    currency: 'cad',
    allowed_payment_method_types: ['card'],
    metadata: { order_id: String(i) },
  });
  return stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
};

async function measure(stripe: Stripe, op: Op, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < COUNT) await op(stripe, next++);
    }),
  );
  return COUNT / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const server = !values.child
    ? await startSimulator({ port: 0, builtInPlugins: false }).then((s) => ({
        url: s.url,
        port: s.port,
        secret: s.keys.secret,
        stop: () => void s.close(),
      }))
    : await startChild();
  const stripe = new Stripe(server.secret, {
    host: '127.0.0.1',
    port: server.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
    httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }),
  });
  // Warm up the JIT (V8 needs a few thousand requests to settle) and the connection pool.
  for (let i = 0; i < WARMUP; i++) await (i % 2 ? oneCall : twoCalls)(stripe, i);
  const rows: Array<[string, string, string]> = [];
  for (const [name, op] of [
    ['create with confirm=true (1 request)', oneCall],
    ['create, then confirm (2 requests)', twoCalls],
  ] as const) {
    for (const concurrency of [1, 8]) {
      const rate = await measure(stripe, op, concurrency);
      rows.push([name, concurrency === 1 ? 'sequential' : '8 concurrent', rate.toFixed(0)]);
    }
  }
  server.stop();
  console.log(
    `Stripe simulator: PaymentIntent create+confirm, ${COUNT} per run after ${WARMUP} warm-up, stripe-node over HTTP ` +
      `(simulator ${values.child ? 'in a child process' : 'in-process'}, node ${process.version})\n`,
  );
  const widths = [38, 14, 16];
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(['operation', 'mode', 'payments / second']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
