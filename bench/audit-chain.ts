/**
 * `npx tsx bench/audit-chain.ts` (also part of `npm run bench`): what the audit log's hash chain costs.
 * - each audit entry Till writes (`audit.record`: the last row's hash read, one insert), in microseconds;
 * - Till's check of the whole chain from start-up on, over BENCH_AUDIT_ROWS rows (default 1,000,000: a busy
 *   counter's decade writes a few per order), which runs in batches between other work, so it delays no call.
 * The median of three runs on fresh logs.
 */
import { createAuditChainCheck } from '#core/audit/audit-chain-check';
import { createAuditLog } from '#core/db/audit-log';
import { openDatabase } from '#core/db/open';
import { join } from 'node:path';
import { tempDir } from '../test/support/temp-dir';

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function run() {
  const dir = tempDir('till-bench-audit-');
  try {
    const db = openDatabase(join(dir.path, 'till.sqlite'));
    const audit = createAuditLog(db);
    const caller = {
      session: 'bench',
      window: 'checkout' as const,
      staff: { id: 'owner', name: 'Owner', role: 'owner' as const },
    };
    const writeStart = performance.now();
    // One transaction per 10,000 rows: the bench measures the chain, not the disk's flushes.
    for (let done = 0; done < ROWS;) {
      const batch = Math.min(10_000, ROWS - done);
      db.transaction(() => {
        for (let i = 0; i < batch; i++) audit.record(caller, 'order.created', null, { total: 1999, currency: 'CAD' });
      })();
      done += batch;
    }
    const perRowUs = ((performance.now() - writeStart) * 1000) / ROWS;
    const checkStart = performance.now();
    const status = await createAuditChainCheck(db).run();
    const checkMs = performance.now() - checkStart;
    if (status.state !== 'intact' || status.checkedRows !== ROWS) throw new Error(`chain ${JSON.stringify(status)}`);
    db.close();
    return { perRowUs, checkMs };
  } finally {
    dir.cleanup();
  }
}

const runs = [];
for (let i = 0; i < 3; i++) runs.push(await run());
console.log(`audit chain over ${ROWS.toLocaleString('en-CA')} rows, median of 3 runs:`);
console.table({
  'audit.record, per entry (µs)': median(runs.map((r) => r.perRowUs)).toFixed(1),
  'whole-chain check (ms)': median(runs.map((r) => r.checkMs)).toFixed(0),
});
