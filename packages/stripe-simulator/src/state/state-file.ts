/**
 * The simulator's state on disk: one JSON document, replaced atomically (write a temp file, fsync, rename) so a
 * crash never leaves half a file. Writes are debounced so a burst of requests costs one write, and `flush()` forces
 * one (on close). JSON.stringify runs on the event loop; the file I/O does not.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';

export class StateFile {
  private timer: NodeJS.Timeout | null = null;
  private dirtySince = 0;
  private lastChange = 0;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    readonly path: string,
    private readonly debounceMs: number,
    private readonly serialize: () => string,
    private readonly onError: (err: unknown) => void,
    /** Upper bound between the first unsaved change and its write, under constant load. */
    private readonly maxWaitMs = 2000,
  ) {}

  static read(path: string): unknown | null {
    if (!existsSync(path)) return null;
    const text = readFileSync(path, 'utf8');
    return text.trim() ? JSON.parse(text) : null;
  }

  static async readAsync(path: string): Promise<unknown | null> {
    try {
      const text = await readFile(path, 'utf8');
      return text.trim() ? JSON.parse(text) : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** O(1): called on every change; one timer per debounce window. */
  markDirty(): void {
    const now = Date.now();
    this.lastChange = now;
    if (!this.dirty) {
      this.dirty = true;
      this.dirtySince = now;
    }
    if (!this.timer) this.arm(this.debounceMs);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = Date.now();
      const quietFor = now - this.lastChange;
      const waited = now - this.dirtySince;
      // Still busy: wait for a quiet moment, but never longer than maxWaitMs after the first change.
      if (this.dirty && quietFor < this.debounceMs && waited < this.maxWaitMs) {
        return this.arm(Math.min(this.debounceMs - quietFor, this.maxWaitMs - waited));
      }
      void this.flush().catch(this.onError);
    }, ms);
    this.timer.unref();
  }

  /** Writes now if anything changed; resolves when the file is in place. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty) return this.writing;
    this.dirty = false;
    const text = this.serialize();
    this.writing = this.writing.then(() => this.write(text)).catch((err) => this.onError(err));
    return this.writing;
  }

  private async write(text: string): Promise<void> {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}
