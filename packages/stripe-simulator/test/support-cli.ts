/**
 * Helpers for running the real Stripe CLI binary (@stripe/cli 1.52.0) against the simulator, and a local webhook
 * receiver that verifies every delivery with stripe-node. Every spawned process is registered so that a test's
 * afterEach/afterAll can kill it whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Stripe from 'stripe';
import { vi } from 'vitest';

/** The Go binary itself (node_modules/.bin/stripe is a node wrapper around it), wherever npm installed it. */
function stripeBinary(): string {
  const platformPackage = `@stripe/cli-${process.platform}-${process.arch}/package.json`;
  try {
    const folder = dirname(createRequire(import.meta.url).resolve(platformPackage));
    return join(folder, 'bin', process.platform === 'win32' ? 'stripe.exe' : 'stripe');
  } catch {
    return `(${platformPackage} is not installed)`;
  }
}
export const STRIPE_BIN = stripeBinary();
export const hasStripeBinary = existsSync(STRIPE_BIN);

/**
 * `vi.waitFor` with a 5 s default timeout: the CLI is a separate process, and these files run beside others. */
export function eventually<T>(
  callback: () => T | Promise<T>,
  options: { timeout?: number; interval?: number } = {},
): Promise<T> {
  return vi.waitFor(callback, { timeout: 5000, interval: 25, ...options });
}

const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
/** The line `stripe listen` prints on stderr once its websocket is connected (protocol doc §3). */
export const READY =
  /Ready! (?:You are using Stripe API Version \[([^\]]+)\]\. )?Your webhook signing secret is (whsec_[A-Za-z0-9]+) \(\^C to quit\)/;

export interface CliTarget {
  /** `http://127.0.0.1:PORT` — the literal 127.0.0.1 (the CLI refuses `localhost`). */
  baseUrl: string;
  secretKey: string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process with its output split into lines (ANSI stripped). */
export class CliProcess {
  readonly stdoutLines: string[] = [];
  readonly stderrLines: string[] = [];
  readonly exited: Promise<CliResult>;
  private readonly waiters = new Set<() => void>();
  private exitResult: CliResult | null = null;

  constructor(
    readonly child: ChildProcess,
    readonly args: string[],
  ) {
    const collect = (stream: NodeJS.ReadableStream | null, lines: string[]) => {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) lines.push(part.replace(ANSI, '').replace(/\r$/, ''));
        this.notify();
      });
      stream?.on('end', () => {
        if (buffered) lines.push(buffered.replace(ANSI, ''));
        buffered = '';
        this.notify();
      });
    };
    collect(child.stdout, this.stdoutLines);
    collect(child.stderr, this.stderrLines);
    this.exited = new Promise((resolvePromise) => {
      child.on('close', (code, signal) => {
        this.exitResult = {
          code,
          signal,
          stdout: this.stdoutLines.join('\n'),
          stderr: this.stderrLines.join('\n'),
        };
        this.notify();
        resolvePromise(this.exitResult);
      });
    });
  }

  get stdout(): string {
    return this.stdoutLines.join('\n');
  }

  get stderr(): string {
    return this.stderrLines.join('\n');
  }

  /**
   * Resolves with the match of the first line (at index ≥ `from`) of stdout or stderr matching `pattern`; rejects
   * on timeout or if the process exits first.
   */
  waitForLine(
    stream: 'stdout' | 'stderr',
    pattern: RegExp,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<{ match: RegExpMatchArray; index: number }> {
    const lines = stream === 'stdout' ? this.stdoutLines : this.stderrLines;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        for (let i = opts.from ?? 0; i < lines.length; i++) {
          const match = lines[i]!.match(pattern);
          if (match) {
            done();
            resolvePromise({ match, index: i });
            return;
          }
        }
        if (this.exitResult) {
          done();
          reject(
            new Error(`stripe ${this.args[0]} exited (${this.exitResult.code}) before ${pattern}:\n${this.describe()}`),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} on ${stream}:\n${this.describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** SIGTERM (the CLI closes its websocket with 1000 and exits 0), then SIGKILL if it lingers. */
  async stop(graceMs = 3000): Promise<CliResult> {
    if (this.exitResult) return this.exitResult;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    return `$ stripe ${this.args.join(' ')}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/**
 * Spawns CLI processes with an offline environment (telemetry off, no auto-update, scratch config dir, a dead HTTPS
 * proxy so that the GitHub version check fails at once) and kills them all in `cleanup()`.
 */
export class StripeCli {
  private readonly processes = new Set<CliProcess>();
  private readonly configDir = mkdtempSync(join(tmpdir(), 'till-stripe-cli-'));

  constructor(private readonly target: () => CliTarget) {}

  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) {
      if (/^(STRIPE_|HTTPS?_PROXY$|https?_proxy$|NO_PROXY$|no_proxy$)/.test(key)) delete env[key];
    }
    return {
      ...env,
      STRIPE_CLI_TELEMETRY_OPTOUT: '1',
      STRIPE_NO_AUTO_UPDATE: '1',
      XDG_CONFIG_HOME: this.configDir,
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_COLOR: '1',
    };
  }

  /** `stripe <args> --api-key … --api-base …` */
  spawn(args: string[], opts: { apiBase?: boolean } = {}): CliProcess {
    const { baseUrl, secretKey } = this.target();
    const full = [...args, '--api-key', secretKey];
    if (opts.apiBase ?? true) full.push('--api-base', baseUrl);
    const child = spawn(STRIPE_BIN, full, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new CliProcess(child, full);
    this.processes.add(proc);
    void proc.exited.then(() => this.processes.delete(proc));
    return proc;
  }

  /** Runs a command to completion (killed after `timeoutMs`). */
  async run(args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult & { describe(): string }> {
    const proc = this.spawn(args);
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    const result = await proc.exited;
    clearTimeout(timer);
    return { ...result, describe: () => proc.describe() };
  }

  /**
   * Starts `stripe listen --skip-update …` and waits for its Ready line. `args` should hold the forwarding and event
   * selection flags (e.g. `--forward-to URL --all-snapshot`).
   */
  async listen(args: string[], opts: { timeoutMs?: number } = {}): Promise<ListenHandle> {
    const proc = this.spawn(['listen', '--skip-update', ...args]);
    const { match } = await proc.waitForLine('stderr', READY, { timeoutMs: opts.timeoutMs ?? 10_000 });
    return { proc, secret: match[2]!, apiVersion: match[1] ?? null };
  }

  /** Kills every process still running. */
  async killAll(): Promise<void> {
    await Promise.all([...this.processes].map((p) => p.stop(1000)));
  }

  /** killAll + remove the scratch config dir. */
  async cleanup(): Promise<void> {
    await this.killAll();
    rmSync(this.configDir, { recursive: true, force: true });
  }
}

export interface ListenHandle {
  proc: CliProcess;
  /** The signing secret from the Ready line. */
  secret: string;
  apiVersion: string | null;
}

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The event, when its signature verified. */
  event: Stripe.Event | null;
  /** The verification error message, if any. */
  error: string | null;
}

/**
 * A local webhook endpoint (127.0.0.1) that checks every POST with `stripe.webhooks.constructEvent(rawBody,
 * Stripe-Signature, secret)`: 200 `{"received":true}` when it verifies, 400 otherwise.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  secret = '';
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let event: Stripe.Event | null = null;
        let error: string | null = null;
        try {
          event = Stripe.webhooks.constructEvent(rawBody, req.headers['stripe-signature'] ?? '', this.secret);
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        this.received.push({ path: req.url ?? '', headers: req.headers, rawBody, event, error });
        res.writeHead(event ? 200 : 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify(event ? { received: true } : { error }));
      });
    });
    await new Promise<void>((resolvePromise) => this.server!.listen(0, '127.0.0.1', resolvePromise));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhook`;
  }

  /** Verified events of a type (optionally for one object id). */
  events(type?: string, objectId?: string): Stripe.Event[] {
    return this.received
      .map((r) => r.event)
      .filter((e): e is Stripe.Event => e !== null)
      .filter((e) => (type ? e.type === type : true))
      .filter((e) => (objectId ? (e.data.object as { id?: string }).id === objectId : true));
  }

  failures(): ReceivedWebhook[] {
    return this.received.filter((r) => r.event === null);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  }
}
