/**
 * `npx tsx bench/commit-pages.ts`: what one durable commit costs by how many b-trees it writes, on this disk.
 *
 * bench/checkout.ts counts Till's added time per payment in FULL commits of one small row. A payment's pending commit
 * writes more than one row's page: the order and its indexes, its lines, the pending attempt and its indexes, the
 * audit entry and its indexes, the day's figures and the search index — one page of each b-tree it touches (24
 * b-trees, 26 pages in the WAL when counted with strace on the checkout bench's log: docs/benchmarks.md). Each page is written to the WAL and
 * flushed with the rest, so such a commit costs more than one row's, before Till runs a line of its own code. This
 * bench measures that cost with nothing else in it: one row in each of N tables, one transaction, WAL and
 * synchronous = FULL, against the same with one table.
 *
 * Each size runs in turn, round after round, on a log of its own in the system's temp folder (the checkout bench's
 * disk), the WAL emptied before each round; the median of three rounds is printed, with the machine's load.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { tempDir } from '../test/support/temp-dir';

const SIZES = [1, 8, 16, 26, 32];
const COMMITS = Number(process.env.BENCH_COMMITS ?? 400);
const ROUNDS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function commitOf(dir: string, tables: number) {
  const db = new Database(join(dir, `pages-${tables}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Checkpoints would fall on some rounds and not others; each round starts from an empty WAL instead.
  db.pragma('wal_autocheckpoint = 0');
  for (let t = 0; t < tables; t++) db.exec(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`);
  const inserts = Array.from({ length: tables }, (_, t) => db.prepare(`INSERT INTO t${t} (payload) VALUES (?)`));
  const commit = db.transaction(() => {
    for (const insert of inserts) insert.run(randomUUID());
  });
  return {
    round() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const started = performance.now();
      for (let i = 0; i < COMMITS; i++) commit();
      return (performance.now() - started) / COMMITS;
    },
    close: () => db.close(),
  };
}

function main() {
  const dir = tempDir('till-bench-commit-pages-');
  const logs = SIZES.map((tables) => commitOf(dir.path, tables));
  const ms: number[][] = SIZES.map(() => []);
  for (let round = 0; round < ROUNDS; round++) logs.forEach((log, i) => ms[i]!.push(log.round()));
  for (const log of logs) log.close();
  dir.cleanup();

  const one = median(ms[0]!);
  console.log(
    `\nOne FULL commit by the b-trees it writes (${COMMITS} commits a round, median of ${ROUNDS} rounds; load ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})\n`,
  );
  console.table(
    SIZES.map((tables, i) => ({
      'b-trees written': tables,
      'ms per commit (median)': median(ms[i]!).toFixed(3),
      'ms (rounds)': ms[i]!.map((m) => m.toFixed(3)).join(' / '),
      'in FULL commits of one row': (median(ms[i]!) / one).toFixed(2),
    })),
  );
}

main();
