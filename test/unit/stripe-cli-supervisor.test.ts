/**
 * The Stripe CLI supervisor with a fake `spawn`: what it runs, how it restarts, how it stops, and what the status
 * bar is told. (test/integration/stripe-cli-listener.test.ts runs the real binary.)
 */
import { EventEmitter } from 'node:events';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HANDLED_EVENT_TYPES } from '#core/events/event-processor';
import { createHealth } from '#core/events/source-health';
import {
  createStripeCliSupervisor,
  type StripeCliSupervisor,
  type StripeCliSupervisorOptions,
} from '#core/events/stripe-cli-supervisor';
import { createPushHub } from '#core/push/push-hub';
import { waitFor as waitUntil } from '../support/wait-for';

const BINARY = '/opt/fake/stripe';
const SECRET_KEY = 'sk_test_supervisor123';
const FORWARD_TO = 'http://127.0.0.1:40123/stripe-events/abcdefghijklmnopqrstuvwx';
const API_BASE = 'http://127.0.0.1:40999';

/** A child process that says and does what the test tells it to. */
class FakeCli extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: string[] = [];
  exitCode: number | null = null;
  constructor(
    readonly command: string,
    readonly args: string[],
    readonly options: SpawnOptions,
    readonly pid: number | undefined,
    /** Whether it exits on SIGTERM (a stuck CLI only dies of SIGKILL). */
    private readonly obeysSigterm: boolean,
  ) {
    super();
  }
  say(line: string) {
    this.stderr.write(`${line}\n`);
  }
  ready(secret = 'whsec_fakesecret1') {
    this.say(
      `Ready! You are using Stripe API Version [2026-10-28.endive]. Your webhook signing secret is ${secret} (^C to quit)`,
    );
  }
  exit(code: number | null, signal: string | null = null) {
    if (this.exitCode !== null) return;
    this.exitCode = code ?? -1;
    this.stdout.end();
    this.stderr.end();
    setImmediate(() => this.emit('close', code, signal));
  }
  kill(signal: string) {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.obeysSigterm) this.exit(null, signal);
    return true;
  }
}

/** The fake CLI answers at once: a short wait, polled often. */
const waitFor = <T>(check: () => T | undefined | null | false, what: string) =>
  waitUntil(check, what, { timeoutMs: 3_000, intervalMs: 5 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function harness(overrides: Partial<StripeCliSupervisorOptions> & { obeysSigterm?: boolean; noPid?: boolean } = {}) {
  const children: FakeCli[] = [];
  const secrets: (string | null)[] = [];
  const logLines: { msg: string; inMs?: number }[] = [];
  const forwardTo = { opened: 0, closed: 0, failOpen: false };
  let readyCalls = 0;
  let clock = 1_000_000;
  const log = pino(
    { level: 'debug', base: undefined },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(JSON.parse(chunk.toString('utf8')) as { msg: string });
        callback();
      },
    }),
  );
  const health = createHealth('stripe_cli', createPushHub());
  const supervisor = createStripeCliSupervisor({
    secretKey: SECRET_KEY,
    apiBase: API_BASE,
    binaryPath: BINARY,
    health,
    log,
    backoff: { initialMs: 20, maxMs: 80, resetAfterMs: 10_000 },
    stopGraceMs: 50,
    now: () => clock,
    forwardTo: {
      open: async () => {
        forwardTo.opened++;
        if (forwardTo.failOpen) throw new Error('EADDRINUSE');
        return FORWARD_TO;
      },
      close: async () => {
        forwardTo.closed++;
      },
    },
    onSecret: (secret) => secrets.push(secret),
    onReady: () => readyCalls++,
    spawn: (command, args, options) => {
      const child = new FakeCli(
        command,
        args,
        options,
        overrides.noPid ? undefined : 5000 + children.length,
        overrides.obeysSigterm ?? true,
      );
      children.push(child);
      if (overrides.noPid) {
        const error = Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
        setImmediate(() => child.emit('error', error));
      }
      return child as unknown as ChildProcess;
    },
    ...overrides,
  });
  running.push(supervisor);
  return {
    supervisor,
    children,
    secrets,
    forwardTo,
    health: health.get,
    readyCalls: () => readyCalls,
    advanceClock: (ms: number) => (clock += ms),
    /** The backoff delays the supervisor chose, in order. */
    restartDelays: () => logLines.filter((line) => line.msg === 'restarting the Stripe CLI').map((l) => l.inMs),
    latest: () => children.at(-1)!,
  };
}

const running: StripeCliSupervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((supervisor) => supervisor.stop()));
});

describe('Stripe CLI supervisor', () => {
  it('runs `stripe listen` forwarding to the receiver, with the key in its environment only', async () => {
    const { supervisor, children, forwardTo, health } = harness();
    supervisor.start();
    const cli = await waitFor(() => children[0], 'the CLI to be spawned');
    expect(forwardTo.opened).toBe(1);
    expect(cli.command).toBe(BINARY);
    expect(cli.args).toEqual([
      'listen',
      '--forward-to',
      FORWARD_TO,
      '--events',
      HANDLED_EVENT_TYPES.join(','),
      '--skip-update',
      '--api-base',
      API_BASE,
    ]);
    expect(cli.args.join(' ')).not.toContain(SECRET_KEY);
    expect(cli.options).toMatchObject({ stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    expect(cli.options.env).toMatchObject({
      STRIPE_API_KEY: SECRET_KEY,
      STRIPE_CLI_TELEMETRY_OPTOUT: '1',
      STRIPE_NO_AUTO_UPDATE: '1',
      XDG_CONFIG_HOME: expect.stringContaining('till-stripe-cli-'),
    });
    expect(existsSync(cli.options.env!.XDG_CONFIG_HOME!)).toBe(true);
    expect(supervisor.pid()).toBe(cli.pid);
    expect(health()).toMatchObject({ source: 'stripe_cli', connected: false });
  });

  it('without an API base (Stripe itself) passes no --api-base', async () => {
    const { supervisor, children } = harness({ apiBase: undefined });
    supervisor.start();
    const cli = await waitFor(() => children[0], 'the CLI to be spawned');
    expect(cli.args).not.toContain('--api-base');
  });

  it('on the Ready line: connected, the signing secret handed over, onReady called', async () => {
    const { supervisor, children, secrets, health, readyCalls } = harness();
    supervisor.start();
    const cli = await waitFor(() => children[0], 'the CLI to be spawned');
    cli.ready('whsec_first');
    await waitFor(() => health().connected, 'connected');
    expect(health().lastError).toBeNull();
    expect(secrets.at(-1)).toBe('whsec_first');
    expect(readyCalls()).toBe(1);
  });

  it('restarts after an unexpected exit with growing backoff, up to the maximum, and says why it exited', async () => {
    const { supervisor, children, secrets, health, restartDelays } = harness();
    supervisor.start();
    for (let n = 1; n <= 5; n++) {
      const cli = await waitFor(() => children[n - 1], `CLI #${n}`);
      if (n === 1) {
        cli.ready();
        await waitFor(() => health().connected, 'connected');
      }
      cli.say('unknown flag: --bogus');
      cli.exit(1);
      await waitFor(() => restartDelays().length === n, `restart #${n} to be scheduled`);
    }
    expect(restartDelays()).toEqual([20, 40, 80, 80, 80]);
    await waitFor(() => children.length === 6, 'the sixth CLI');
    expect(health()).toMatchObject({
      connected: false,
      lastError: 'The Stripe CLI exited (code 1): unknown flag: --bogus',
    });
    // The secret of a CLI that is gone is forgotten.
    expect(secrets).toContain(null);
    expect(secrets.lastIndexOf(null)).toBeGreaterThan(secrets.indexOf('whsec_fakesecret1'));
  });

  it('starts again from the shortest delay after a CLI that was Ready long enough', async () => {
    const { supervisor, children, restartDelays, advanceClock, latest } = harness();
    supervisor.start();
    // Two quick failures: 20, 40.
    for (let n = 1; n <= 2; n++) {
      await waitFor(() => children[n - 1], `CLI #${n}`);
      latest().exit(1);
      await waitFor(() => restartDelays().length === n, `restart #${n}`);
    }
    // Ready, but not for long: the delay keeps growing.
    await waitFor(() => children[2], 'CLI #3');
    latest().ready();
    advanceClock(9_000);
    latest().exit(null, 'SIGKILL');
    await waitFor(() => restartDelays().length === 3, 'restart #3');
    // Ready for the whole reset period: back to the start.
    await waitFor(() => children[3], 'CLI #4');
    latest().ready();
    advanceClock(10_000);
    latest().exit(null, 'SIGKILL');
    await waitFor(() => restartDelays().length === 4, 'restart #4');
    expect(restartDelays()).toEqual([20, 40, 80, 20]);
  });

  it('a fatal line from the CLI shows in the status bar, secrets redacted', async () => {
    const { supervisor, children, health } = harness();
    supervisor.start();
    const cli = await waitFor(() => children[0], 'the CLI to be spawned');
    cli.say(`time="2026-01-01T00:00:00Z" level=fatal msg="Authorization failed for ${SECRET_KEY}"`);
    await waitFor(() => health().lastError, 'the error');
    expect(health().lastError).toMatch(/^Stripe CLI: Authorization failed/);
    expect(health().lastError).not.toContain(SECRET_KEY);
    cli.exit(1);
    await waitFor(() => health().lastError?.startsWith('The Stripe CLI exited (code 1): Authorization failed'), 'exit');
    expect(health().lastError).not.toContain(SECRET_KEY);
  });

  it('says so when the CLI has not connected in time, and keeps waiting', async () => {
    const { supervisor, children, health } = harness({ readyTimeoutMs: 30 });
    supervisor.start();
    const cli = await waitFor(() => children[0], 'the CLI to be spawned');
    await waitFor(() => health().lastError, 'the timeout');
    expect(health().lastError).toBe('The Stripe CLI has not connected after 0 s; still trying.');
    cli.ready();
    await waitFor(() => health().connected, 'connected');
    expect(health().lastError).toBeNull();
  });

  it('a binary that cannot run is reported and tried again', async () => {
    const { supervisor, children, health, restartDelays } = harness({ noPid: true });
    supervisor.start();
    await waitFor(() => restartDelays().length >= 1, 'a restart');
    expect(health().lastError).toMatch(/^The Stripe CLI could not run \(spawn \/opt\/fake\/stripe ENOENT\)/);
    await waitFor(() => children.length >= 2, 'a second try');
  });

  it('a receiver that cannot open is reported and tried again, without spawning', async () => {
    const { supervisor, children, health, forwardTo, restartDelays } = harness();
    forwardTo.failOpen = true;
    supervisor.start();
    await waitFor(() => forwardTo.opened >= 2, 'a second try');
    expect(children).toHaveLength(0);
    expect(restartDelays()[0]).toBe(20);
    expect(health().lastError).toBe('Could not open the local receiver for the Stripe CLI: EADDRINUSE');
    forwardTo.failOpen = false;
    await waitFor(() => children[0], 'the CLI once the receiver opens');
  });

  it('stop() ends the CLI, closes the receiver, removes its temp folder and does not restart', async () => {
    const { supervisor, children, health, forwardTo, secrets } = harness();
    supervisor.start();
    const cli = await waitFor(() => children[0], 'the CLI to be spawned');
    cli.ready();
    await waitFor(() => health().connected, 'connected');
    const configDir = cli.options.env!.XDG_CONFIG_HOME!;

    await supervisor.stop();
    expect(cli.signals).toEqual(['SIGTERM']);
    expect(supervisor.pid()).toBeNull();
    expect(supervisor.running()).toBe(false);
    expect(forwardTo.closed).toBe(1);
    expect(secrets.at(-1)).toBeNull();
    expect(existsSync(configDir)).toBe(false);
    expect(health()).toMatchObject({ connected: false, lastError: 'The Stripe CLI listener was stopped.' });
    await sleep(150); // longer than the longest backoff
    expect(children).toHaveLength(1);
  });

  it('stop() kills a CLI that ignores SIGTERM once the grace period is over', async () => {
    const { supervisor, children } = harness({ obeysSigterm: false });
    supervisor.start();
    const cli = await waitFor(() => children[0], 'the CLI to be spawned');
    await supervisor.stop();
    expect(cli.signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('stop() during a restart delay cancels the restart', async () => {
    const { supervisor, children, restartDelays } = harness();
    supervisor.start();
    (await waitFor(() => children[0], 'the CLI')).exit(1);
    await waitFor(() => restartDelays().length === 1, 'a restart to be scheduled');
    await supervisor.stop();
    await sleep(150);
    expect(children).toHaveLength(1);
  });

  it("keeps a config folder it was given (it is the caller's)", async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'till-supervisor-test-'));
    try {
      const { supervisor, children } = harness({ configDir });
      supervisor.start();
      const cli = await waitFor(() => children[0], 'the CLI');
      expect(cli.options.env!.XDG_CONFIG_HOME).toBe(configDir);
      await supervisor.stop();
      expect(existsSync(configDir)).toBe(true);
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('start() right after stop() waits for the old CLI to be gone, then runs a new one', async () => {
    const { supervisor, children, health } = harness({ obeysSigterm: false });
    supervisor.start();
    const first = await waitFor(() => children[0], 'the first CLI');
    const stopping = supervisor.stop();
    supervisor.start();
    expect(children).toHaveLength(1);
    await stopping;
    expect(first.signals).toEqual(['SIGTERM', 'SIGKILL']);
    const second = await waitFor(() => children[1], 'the second CLI');
    second.ready();
    await waitFor(() => health().connected, 'connected');
    expect(supervisor.pid()).toBe(second.pid);
  });
});
