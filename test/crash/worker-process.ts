import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * One run of a crash worker (a child process running Till that a harness kills with SIGKILL): the JSON lines it
 * announced, a way to wait for one of them, and the kill itself.
 */
export class WorkerProcess<M> {
  readonly messages: M[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';
  private waiters: (() => void)[] = [];
  private exitCode: number | null | undefined;
  private readonly child: ChildProcess;

  constructor(script: string, plan: unknown) {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    this.child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(plan)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.messages.push(JSON.parse(line) as M);
      this.wake();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        this.exitCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The first message matching `match` (null if the worker exits first). */
  async waitFor(match: (m: M) => boolean, timeoutMs = 20_000): Promise<M | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.exitCode !== undefined) return null;
      if (Date.now() > deadline) throw new Error(`worker did not announce in time; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  kill() {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
