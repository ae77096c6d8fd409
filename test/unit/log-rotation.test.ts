import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, LOG_ROTATION } from '#core/log';
import { tempDir } from '../support/temp-dir';

/** Issue 15: a shop PC runs for years; its log must not grow without end, and each file stays the user's only. */
describe('the log file rotates by size', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('till-log-');
  });
  afterEach(() => dir.cleanup());

  it('keeps 5 files of 5 MB on a shop PC', () => {
    expect(LOG_ROTATION).toEqual({ size: '5M', files: 5 });
  });

  it('rolls to a new file past the size, keeps at most the files it is told, all readable by the user only', async () => {
    const file = join(dir.path, 'logs', 'till.log');
    const log = createLogger({ file, rotation: { size: '2K', files: 3 } });
    const line = (n: number) => `line ${String(n).padStart(4, '0')} ${'x'.repeat(80)}`;
    const LINES = 200; // about 20 KB: ten files' worth, of which three are kept
    for (let n = 1; n <= LINES; n++) log.info(line(n));
    // Ending the file's stream waits for every write and any rotation under way.
    const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as Writable;
    await new Promise((resolve) => stream.end(resolve));

    const logs = join(dir.path, 'logs');
    expect(readdirSync(logs).sort()).toEqual(['till.log', 'till.log.1', 'till.log.2']);
    const read = (name: string) => readFileSync(join(logs, name), 'utf8').trim().split('\n');
    const messages = ['till.log.2', 'till.log.1', 'till.log'].flatMap((name) =>
      read(name).map((text) => (JSON.parse(text) as { msg: string }).msg),
    );
    // Oldest first across the files, nothing lost between them, and the oldest lines are gone.
    const first = Number(messages[0]!.slice(5, 9));
    expect(first).toBeGreaterThan(1);
    expect(messages).toEqual(Array.from({ length: LINES - first + 1 }, (_, i) => line(first + i)));
    for (const name of ['till.log.2', 'till.log.1']) {
      const size = statSync(join(logs, name)).size;
      expect(size).toBeGreaterThanOrEqual(2048);
      expect(size).toBeLessThan(2048 + 200); // rotated at the first line past the size
    }
    if (process.platform !== 'win32') {
      for (const name of readdirSync(logs)) expect(statSync(join(logs, name)).mode & 0o777, name).toBe(0o600);
    }
  });
});
