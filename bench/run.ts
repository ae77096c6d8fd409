/**
 * `npm run bench`: every benchmark, one after another, each in its own process so that one's warm caches and
 * garbage do not flatter or burden the next. Figures are recorded in docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHES = [
  'bench/simulator.ts',
  'bench/checkout.ts',
  'bench/commit-pages.ts',
  'bench/events.ts',
  'bench/history.ts',
  'bench/export.ts',
  'bench/audit-chain.ts',
];

let failed = false;
for (const file of BENCHES) {
  if (!existsSync(file)) continue;
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
