/**
 * `npx tsx bench/export.ts` (also part of `npm run bench`): the order history's two CSV exports — one row per
 * order, one row per line — streamed into a file as the desktop app saves them, through the contract. Targets at
 * BENCH_ORDERS=1000000: each export ≤ 8 s, and the process's resident memory grows by ≤ 100 MB while it runs.
 *
 * Large exports are written by two worker threads. The desktop app runs their built script (out/main/export-worker.js);
 * so does the bench when `npm run build` has made it, since from source each worker would also load tsx, which the
 * app does not (about 20 MB more, nothing faster). Without a build it runs the source, and says so.
 *
 * The log: BENCH_ORDERS orders (default 100,000) of one to four lines with mixed taxes, some refunded or disputed
 * (test/support/mixed-orders.ts), written once (or kept in BENCH_LOG_DIR and reused). Each export then runs three
 * times, each in a fresh process (so no run inherits another's heap or caches), and the median of the three is
 * printed with the machine's load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createTill } from '#core/create-till';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import { TEST_OWNER_PIN } from '../test/support/demo-shop';
import { exportToFolder } from '../test/support/export-shell';
import { writeMixedOrders } from '../test/support/mixed-orders';
import { tempDir } from '../test/support/temp-dir';
import { previewShell } from '../src/web/preview-shell';
import { BENCH_SESSION, newBenchTill } from './support/bench-till';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const RUNS = 3;
const KINDS = { orders: 'orders.exportCsv', lines: 'orders.exportLines' } as const;
type Kind = keyof typeof KINDS;

const BUILT_WORKER = new URL('../out/main/export-worker.js', import.meta.url);
const builtWorker = existsSync(BUILT_WORKER) ? BUILT_WORKER : undefined;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const MB = 1024 * 1024;

/** One export in this (fresh) process: how long the call took and how far resident memory rose above its start. */
async function runOnce(dataDir: string, outDir: string, kind: Kind) {
  const till = createTill({
    dataDir,
    version: 'bench',
    env: {},
    logger: createLogger({ level: 'silent' }),
    shell: { ...previewShell, ...exportToFolder(outDir) },
    exportWorker: builtWorker,
  });
  const signIn = await dispatch(
    till.handlers,
    'staff.signIn',
    { staffId: 'owner', pin: TEST_OWNER_PIN },
    undefined,
    BENCH_SESSION,
  );
  if (!signIn.ok) throw new Error(signIn.error.message);
  // The owner's Till has been open a while: its start-up check of the audit chain is not part of the export.
  while (till.auditChain.status().state === 'checking') await new Promise((resolve) => setTimeout(resolve, 50));
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await dispatch(till.handlers, KINDS[kind], {}, undefined, BENCH_SESSION);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (!result.ok) throw new Error(result.error.message);
  const { path, rows } = result.value as { path: string; rows: number };
  const bytes = statSync(path).size;
  rmSync(path);
  await till.close();
  console.log(
    JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, growthMb: (peak - before) / MB, rows, bytes }),
  );
}

/**
 * BENCH_LOG_DIR keeps the log in a folder of one's choosing and reuses it on the next run: writing a million orders
 * takes minutes, and a before/after comparison wants both sides to read the same log in the same minutes.
 */
async function orderLog() {
  const kept = process.env.BENCH_LOG_DIR;
  if (kept && existsSync(join(kept, 'till.sqlite'))) return { path: kept, written: false, cleanup() {} };
  const dir = kept ? { path: kept, cleanup() {} } : tempDir('till-bench-export-');
  const till = await newBenchTill(dir.path);
  writeMixedOrders(till.db, ORDERS);
  await till.close();
  return { ...dir, written: true };
}

async function main() {
  const out = tempDir('till-bench-export-out-');
  const started = performance.now();
  const dir = await orderLog();
  const setupSeconds = (performance.now() - started) / 1000;

  const table: Record<string, string | number>[] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const runs = Array.from({ length: RUNS }, () => {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'bench/export.ts', '--run', dir.path, out.path, kind],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`export run failed:\n${child.stderr}`);
      return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
        ms: number;
        cpuMs: number;
        growthMb: number;
        rows: number;
        bytes: number;
      };
    });
    table.push({
      file: kind === 'orders' ? 'orders (one row per order)' : 'lines (one row per line)',
      rows: runs[0]!.rows.toLocaleString('en'),
      MB: (runs[0]!.bytes / MB).toFixed(0),
      's (median)': (median(runs.map((r) => r.ms)) / 1000).toFixed(2),
      's (runs)': runs.map((r) => (r.ms / 1000).toFixed(2)).join(' / '),
      'CPU s (median)': (median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2),
      'RSS growth MB (median)': median(runs.map((r) => r.growthMb)).toFixed(0),
      'RSS MB (runs)': runs.map((r) => r.growthMb.toFixed(0)).join(' / '),
    });
  }
  console.log(
    `\nCSV exports of a log of ${ORDERS.toLocaleString('en')} orders (setup ${setupSeconds.toFixed(1)} s; ` +
      `${dir.written ? '' : `reused from ${dir.path}; `}workers ${builtWorker ? 'built (out/main)' : 'from source, through tsx'}; ` +
      `median of ${RUNS} runs, each in a fresh process; load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})\n`,
  );
  console.table(table);
  dir.cleanup();
  out.cleanup();
}

if (process.argv[2] === '--run') await runOnce(process.argv[3]!, process.argv[4]!, process.argv[5] as Kind);
else await main();
