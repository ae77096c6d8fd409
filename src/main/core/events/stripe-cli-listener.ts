/**
 * The other event source: the Stripe CLI's `stripe listen`, run as a child process, forwards each event the
 * moment it happens to a receiver of ours on 127.0.0.1. Nothing is exposed beyond this computer: the CLI holds an
 * outbound websocket to Stripe (or to the training simulator), and only it knows the receiver's random path.
 *
 * Every delivery is checked with stripe-node's `webhooks.constructEvent` against the signing secret the CLI prints
 * on its Ready line; anything that does not verify is refused (400) and never reaches the order log. Verified
 * events go to the event processor, which stores each event id once and only moves orders forward.
 *
 * The CLI is restarted with exponential backoff whenever it exits (crash, auth failure, killed). `stripe listen`
 * does not replay what happened while it was down, so gaps are left to the Events API poller / reconciliation.
 * The secret key reaches the CLI through its environment (STRIPE_API_KEY), never its command line.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { redactSecrets, type Logger } from '../log';
import type { PushHub } from '../push/push-hub';
import { HANDLED_EVENT_TYPES, type EventProcessor } from './event-processor';
import { createHealth, type EventSource } from './source-health';
import { resolveStripeCliBinary } from './stripe-cli-binary';
import { lineSplitter, parseStderrLine, stripAnsi } from './stripe-cli-output';

export type SpawnCli = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

export interface StripeCliListenerOptions {
  /** The secret (sk_) or restricted (rk_) key. Given to the CLI as STRIPE_API_KEY; never logged, never in argv. */
  secretKey: string;
  /** `http://127.0.0.1:PORT` for the training simulator; omitted for Stripe itself. */
  apiBase?: string;
  processor: Pick<EventProcessor, 'ingest'>;
  /** Used for `stripe.webhooks.constructEvent` only. */
  stripe: Pick<Stripe, 'webhooks'>;
  push: PushHub;
  log: Logger;
  /** The CLI binary; default: the platform package of @stripe/cli (see stripe-cli-binary.ts). */
  binaryPath?: string;
  /** Restart delays: `initialMs` doubling up to `maxMs`; back to `initialMs` once the CLI was Ready for `resetAfterMs`. */
  backoff?: { initialMs: number; maxMs: number; resetAfterMs?: number };
  /** Tests may wrap child_process.spawn. */
  spawn?: SpawnCli;
  /** Between SIGTERM and SIGKILL on stop (ms). Default 3000. */
  stopGraceMs?: number;
  /** Health reports an error when the CLI is not Ready this long after starting (ms). Default 30 000. */
  readyTimeoutMs?: number;
  /**
   * Called on every Ready line (first start, each restart, each session re-creation). `stripe listen` does not
   * replay what happened while it was down, so this is the moment for a catch-up poll of the Events API.
   */
  onReady?(): void;
  /** The CLI's XDG_CONFIG_HOME (it writes a small config.toml there). Default: a temp dir, removed on stop. */
  configDir?: string;
  now?: () => number;
}

export interface StripeCliListener extends EventSource {
  readonly kind: 'stripe_cli';
  /** Where the CLI forwards to (127.0.0.1, random port and path), once the receiver is listening. */
  receiverUrl(): string | null;
  /** The running CLI's process id, if one is running. */
  pid(): number | null;
}

const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 60_000, resetAfterMs: 60_000 };
/** Stripe events are far smaller; anything bigger is not from the CLI. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How long a delivery may wait for the Ready line of a CLI that is starting (its output and its POST race). */
const SECRET_WAIT_MS = 5_000;

const HANDLED = new Set<string>(HANDLED_EVENT_TYPES);

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createStripeCliListener(options: StripeCliListenerOptions): StripeCliListener {
  const { processor, stripe, log } = options;
  const now = options.now ?? Date.now;
  const spawnCli: SpawnCli = options.spawn ?? nodeSpawn;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const stopGraceMs = options.stopGraceMs ?? 3_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const health = createHealth('stripe_cli', options.push);

  let stopped = true;
  let booting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  /** Bumped by every start() and stop(): work begun for an older run must not touch the current one. */
  let run = 0;
  let server: Server | null = null;
  let receiverPath = '';
  let port = 0;
  let child: { proc: ChildProcess; exited: Promise<void> } | null = null;
  /** The signing secret of the running CLI, from its Ready line. */
  let secret: string | null = null;
  const secretWaiters = new Set<() => void>();
  let restartTimer: NodeJS.Timeout | null = null;
  let readyTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let configDir: string | null = options.configDir ?? null;
  let ownConfigDir = false;

  const killOnExit = () => child?.proc.kill('SIGKILL');

  const clearTimer = (timer: NodeJS.Timeout | null) => {
    if (timer) clearTimeout(timer);
    return null;
  };

  const releaseSecretWaiters = () => {
    for (const waiter of [...secretWaiters]) waiter();
  };

  function waitForSecret(timeoutMs: number): Promise<string | null> {
    if (secret || stopped) return Promise.resolve(secret);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        secretWaiters.delete(done);
        resolve(secret);
      };
      const timer = setTimeout(done, timeoutMs);
      secretWaiters.add(done);
    });
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== receiverPath) {
      req.resume();
      return reply(res, 404, { error: 'not found' });
    }
    if (req.method !== 'POST') {
      req.resume();
      return reply(res, 405, { error: 'method not allowed' });
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        log.warn({ limit: MAX_BODY_BYTES }, 'refused an oversized Stripe CLI delivery');
      return reply(res, 413, { error: 'payload too large' });
    }
    const signature = req.headers['stripe-signature'];
    if (typeof signature !== 'string' || !signature) {
      log.warn('refused a Stripe CLI delivery without a Stripe-Signature header');
      return reply(res, 400, { error: 'missing Stripe-Signature' });
    }
    const key = await waitForSecret(SECRET_WAIT_MS);
    if (!key) {
      log.warn('refused a Stripe CLI delivery: the CLI is not ready, so there is no signing secret to check it with');
      return reply(res, 503, { error: 'not ready' });
    }
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(body, signature, key);
    } catch (error) {
      log.warn({ reason: messageOf(error) }, 'refused a Stripe CLI delivery: its signature does not verify');
      return reply(res, 400, { error: 'signature verification failed' });
    }
    health.received(now());
    if (!HANDLED.has(event.type)) return reply(res, 200, { received: true, ignored: true });
    try {
      const result = processor.ingest([event], 'stripe_cli');
      log.debug(
        { eventId: event.id, type: event.type, stored: result.stored, changed: result.changed.length },
        'Stripe CLI event',
      );
      return reply(res, 200, { received: true });
    } catch (error) {
      // The CLI does not redeliver; the Events API poller / reconciliation will pick the event up later.
      log.error({ err: error, eventId: event.id, type: event.type }, 'storing a Stripe CLI event failed');
      return reply(res, 500, { error: 'could not store the event' });
    }
  }

  async function openReceiver(): Promise<void> {
    if (server) return;
    const path = `/stripe-events/${randomBytes(18).toString('base64url')}`;
    const created = createServer((req, res) => {
      receive(req, res).catch((error: unknown) => {
        log.error({ err: error }, 'Stripe CLI receiver failed');
        reply(res, 500, { error: 'internal error' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(0, '127.0.0.1', () => {
        created.off('error', reject);
        resolve();
      });
    });
    server = created;
    receiverPath = path;
    port = (created.address() as AddressInfo).port;
  }

  async function closeReceiver(): Promise<void> {
    const closing = server;
    server = null;
    if (!closing) return;
    closing.closeAllConnections();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  function scheduleRestart(forRun: number, readyFor: number | null): void {
    if (stopped || forRun !== run) return;
    if (readyFor !== null && readyFor >= backoff.resetAfterMs) failures = 0;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** failures);
    failures++;
    log.info({ inMs: delay }, 'restarting the Stripe CLI');
    restartTimer = setTimeout(() => {
      restartTimer = null;
      boot(forRun);
    }, delay);
  }

  function launch(binary: string, forRun: number): void {
    if (!configDir) {
      configDir = mkdtempSync(join(tmpdir(), 'till-stripe-cli-'));
      ownConfigDir = true;
    }
    const args = [
      'listen',
      '--forward-to',
      `http://127.0.0.1:${port}${receiverPath}`,
      '--events',
      HANDLED_EVENT_TYPES.join(','),
      '--skip-update',
    ];
    if (options.apiBase) args.push('--api-base', options.apiBase);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STRIPE_API_KEY: options.secretKey,
      STRIPE_CLI_TELEMETRY_OPTOUT: '1',
      STRIPE_NO_AUTO_UPDATE: '1',
      XDG_CONFIG_HOME: configDir,
    };

    secret = null;
    let readyAt: number | null = null;
    let fatal: string | null = null;
    let lastLine: string | null = null;

    const proc = spawnCli(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    log.info({ pid: proc.pid, receiverPort: port, apiBase: options.apiBase ?? null }, 'Stripe CLI started');

    const onStderrLine = (raw: string) => {
      const line = parseStderrLine(raw);
      switch (line.kind) {
        case 'ready':
          secret = line.secret;
          readyAt = now();
          readyTimer = clearTimer(readyTimer);
          health.connected();
          log.info({ apiVersion: line.apiVersion }, 'Stripe CLI ready');
          releaseSecretWaiters();
          try {
            options.onReady?.();
          } catch (error) {
            log.warn({ err: error }, 'onReady failed');
          }
          break;
        case 'session_expired':
          health.failed('The Stripe CLI session expired; reconnecting.');
          log.warn('Stripe CLI session expired; it is reconnecting');
          break;
        case 'log':
          if (line.level === 'fatal' || line.level === 'panic') {
            fatal = line.message;
            health.failed(redactSecrets(`Stripe CLI: ${line.message}`));
            log.error({ message: line.message }, 'Stripe CLI failed');
          } else if (line.level === 'error' || line.level === 'warning') {
            log.warn({ message: line.message }, 'Stripe CLI');
          } else {
            log.debug({ message: line.message }, 'Stripe CLI');
          }
          break;
        case 'text':
          lastLine = line.text;
          log.debug({ line: line.text }, 'Stripe CLI');
          break;
        case 'blank':
          break;
      }
    };
    const onStdoutLine = (raw: string) => {
      const line = stripAnsi(raw).trim();
      if (!line) return;
      if (line.includes('[ERROR]')) log.warn({ line }, 'Stripe CLI could not forward an event');
      else log.debug({ line }, 'Stripe CLI');
    };
    const stderr = lineSplitter(onStderrLine);
    const stdout = lineSplitter(onStdoutLine);
    proc.stderr?.setEncoding('utf8');
    proc.stdout?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => stderr.push(chunk));
    proc.stderr?.on('end', () => stderr.end());
    proc.stdout?.on('data', (chunk: string) => stdout.push(chunk));
    proc.stdout?.on('end', () => stdout.end());

    const exited = new Promise<void>((resolve) => {
      let finished = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
        if (finished) return;
        finished = true;
        if (child?.proc === proc) child = null;
        secret = null;
        readyTimer = clearTimer(readyTimer);
        const how = error ? `could not run (${error.message})` : `exited (${signal ?? `code ${code}`})`;
        const why = fatal ?? (code !== 0 && lastLine ? lastLine : null);
        const message = redactSecrets(`The Stripe CLI ${how}${why ? `: ${why}` : ''}`);
        if (!stopped && forRun === run) {
          health.failed(message);
          log.warn({ code, signal }, message);
          scheduleRestart(forRun, readyAt === null ? null : now() - readyAt);
        } else {
          log.info({ code, signal }, 'Stripe CLI stopped');
        }
        resolve();
      };
      proc.on('error', (error) => {
        // Spawning failed (no pid), or a kill failed (the process is gone already).
        if (proc.pid === undefined) finish(null, null, error);
        else log.warn({ err: error }, 'Stripe CLI process error');
      });
      proc.once('close', (code, signal) => finish(code, signal));
    });
    child = { proc, exited };
    readyTimer = setTimeout(() => {
      readyTimer = null;
      const message = `The Stripe CLI has not connected after ${Math.round(readyTimeoutMs / 1000)} s; still trying.`;
      health.failed(message);
      log.warn(message);
    }, readyTimeoutMs);
  }

  function boot(forRun: number): void {
    const current: Promise<void> = (async () => {
      let binary: string;
      try {
        binary = options.binaryPath ?? resolveStripeCliBinary();
      } catch (error) {
        // Not something a restart can fix.
        health.failed(error);
        log.error({ err: error }, 'the Stripe CLI is not available; no live events from it');
        return;
      }
      try {
        await openReceiver();
      } catch (error) {
        health.failed(`Could not open the local receiver for the Stripe CLI: ${messageOf(error)}`);
        log.error({ err: error }, 'could not open the Stripe CLI receiver');
        scheduleRestart(forRun, null);
        return;
      }
      if (stopped || forRun !== run) return;
      try {
        launch(binary, forRun);
      } catch (error) {
        health.failed(`Could not start the Stripe CLI: ${messageOf(error)}`);
        log.error({ err: error }, 'could not start the Stripe CLI');
        scheduleRestart(forRun, null);
      }
    })().finally(() => {
      if (booting === current) booting = null;
    });
    booting = current;
  }

  return {
    kind: 'stripe_cli',
    start() {
      if (!stopped) return;
      stopped = false;
      failures = 0;
      const thisRun = ++run;
      process.on('exit', killOnExit);
      // A start right after stop() waits for the old CLI and receiver to be gone.
      if (stopping) void stopping.then(() => thisRun === run && boot(thisRun));
      else boot(thisRun);
    },
    stop() {
      stopped = true;
      run++;
      stopping ??= shutDown().finally(() => {
        stopping = null;
      });
      return stopping;
    },
    health: health.get,
    receiverUrl: () => (server ? `http://127.0.0.1:${port}${receiverPath}` : null),
    pid: () => child?.proc.pid ?? null,
  };

  async function shutDown(): Promise<void> {
    restartTimer = clearTimer(restartTimer);
    readyTimer = clearTimer(readyTimer);
    await booting;
    const running = child;
    if (running) {
      running.proc.kill('SIGTERM');
      const killer = setTimeout(() => running.proc.kill('SIGKILL'), stopGraceMs);
      await running.exited;
      clearTimeout(killer);
    }
    await closeReceiver();
    secret = null;
    releaseSecretWaiters();
    process.off('exit', killOnExit);
    if (ownConfigDir && configDir) {
      rmSync(configDir, { recursive: true, force: true });
      configDir = null;
      ownConfigDir = false;
    }
    if (health.get().connected) health.failed('The Stripe CLI listener was stopped.');
  }
}
