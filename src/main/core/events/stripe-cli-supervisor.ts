/**
 * Keeps one `stripe listen` running: spawns the Stripe CLI binary, reads its output (stripe-cli-output.ts) for the
 * Ready line and its signing secret, reports its health, and restarts it with exponential backoff whenever it
 * exits (crash, auth failure, killed) until stop(). The secret key reaches the CLI through its environment
 * (STRIPE_API_KEY), never its command line; the CLI's small config file goes to a temp folder removed on stop.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactSecrets, type Logger } from '../log';
import { HANDLED_EVENT_TYPES } from './event-processor';
import type { createHealth } from './source-health';
import { resolveStripeCliBinary } from './stripe-cli-binary';
import { lineSplitter, parseStderrLine, stripAnsi } from './stripe-cli-output';

export type SpawnCli = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

export interface StripeCliSupervisorOptions {
  /** The secret (sk_) or restricted (rk_) key. Given to the CLI as STRIPE_API_KEY; never logged, never in argv. */
  secretKey: string;
  /** `http://127.0.0.1:PORT` for the training simulator; omitted for Stripe itself. */
  apiBase?: string;
  /** Where the CLI forwards events: opened before each launch (giving its URL), closed once the CLI is stopped. */
  forwardTo: { open(): Promise<string>; close(): Promise<void> };
  /** The running CLI's webhook signing secret, from its Ready line; null whenever no CLI is Ready. */
  onSecret(secret: string | null): void;
  /** Called on every Ready line (first start, each restart, each session re-creation). */
  onReady?(): void;
  health: ReturnType<typeof createHealth>;
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
  /** The CLI's XDG_CONFIG_HOME (it writes a small config.toml there). Default: a temp dir, removed on stop. */
  configDir?: string;
  now?: () => number;
}

export interface StripeCliSupervisor {
  start(): void;
  /** Stops the CLI (SIGTERM, then SIGKILL after the grace period) and does not restart it. */
  stop(): Promise<void>;
  /** Whether the CLI is meant to be running (between start() and stop()). */
  running(): boolean;
  /** The running CLI's process id, if one is running. */
  pid(): number | null;
}

const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 60_000, resetAfterMs: 60_000 };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createStripeCliSupervisor(options: StripeCliSupervisorOptions): StripeCliSupervisor {
  const { health, log } = options;
  const now = options.now ?? Date.now;
  const spawnCli: SpawnCli = options.spawn ?? nodeSpawn;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const stopGraceMs = options.stopGraceMs ?? 3_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;

  let stopped = true;
  let booting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  /** Bumped by every start() and stop(): work begun for an older run must not touch the current one. */
  let run = 0;
  let child: { proc: ChildProcess; exited: Promise<void> } | null = null;
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

  function launch(binary: string, forwardTo: string, forRun: number): void {
    if (!configDir) {
      configDir = mkdtempSync(join(tmpdir(), 'till-stripe-cli-'));
      ownConfigDir = true;
    }
    const args = ['listen', '--forward-to', forwardTo, '--events', HANDLED_EVENT_TYPES.join(','), '--skip-update'];
    if (options.apiBase) args.push('--api-base', options.apiBase);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STRIPE_API_KEY: options.secretKey,
      STRIPE_CLI_TELEMETRY_OPTOUT: '1',
      STRIPE_NO_AUTO_UPDATE: '1',
      XDG_CONFIG_HOME: configDir,
    };

    options.onSecret(null);
    let readyAt: number | null = null;
    let fatal: string | null = null;
    let lastLine: string | null = null;

    const proc = spawnCli(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    log.info(
      { pid: proc.pid, receiverPort: Number(new URL(forwardTo).port), apiBase: options.apiBase ?? null },
      'Stripe CLI started',
    );

    const onStderrLine = (raw: string) => {
      const line = parseStderrLine(raw);
      switch (line.kind) {
        case 'ready':
          readyAt = now();
          readyTimer = clearTimer(readyTimer);
          health.connected();
          log.info({ apiVersion: line.apiVersion }, 'Stripe CLI ready');
          options.onSecret(line.secret);
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
        options.onSecret(null);
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
      let forwardTo: string;
      try {
        forwardTo = await options.forwardTo.open();
      } catch (error) {
        health.failed(`Could not open the local receiver for the Stripe CLI: ${messageOf(error)}`);
        log.error({ err: error }, 'could not open the Stripe CLI receiver');
        scheduleRestart(forRun, null);
        return;
      }
      if (stopped || forRun !== run) return;
      try {
        launch(binary, forwardTo, forRun);
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
    // No CLI is left to forward anything.
    await options.forwardTo.close();
    options.onSecret(null);
    process.off('exit', killOnExit);
    if (ownConfigDir && configDir) {
      rmSync(configDir, { recursive: true, force: true });
      configDir = null;
      ownConfigDir = false;
    }
    if (health.get().connected) health.failed('The Stripe CLI listener was stopped.');
  }

  return {
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
    running: () => !stopped,
    pid: () => child?.proc.pid ?? null,
  };
}
