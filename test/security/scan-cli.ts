/**
 * `npm run security:scan`: the Electronegativity scan that `npm test` runs, printed for a person. Exits 1 on a high
 * or medium finding the suppression file does not explain, or on a suppression that no longer matches anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSuppressions, scan, staleSuppressions, unexplainedFindings } from './electronegativity-scan';

const root = resolve(import.meta.dirname, '../..');
const suppressions = loadSuppressions(join(root, 'electronegativity-suppressions.json'));
const workDir = mkdtempSync(join(tmpdir(), 'till-electronegativity-'));
try {
  const { findings, parseErrors } = await scan({ root, workDir, suppressions });
  const unexplained = unexplainedFindings(findings, suppressions);
  const stale = staleSuppressions(findings, suppressions);
  for (const f of findings) {
    const mark = unexplained.includes(f)
      ? 'UNEXPLAINED'
      : f.severity === 'HIGH' || f.severity === 'MEDIUM'
        ? 'suppressed'
        : 'note';
    console.log(`${mark.padEnd(11)} ${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location} ${f.description}`);
  }
  for (const error of parseErrors) console.log(`NOT SCANNED ${error.file}: ${error.message}`);
  for (const entry of stale) console.log(`STALE       suppression of ${entry.check} in ${entry.file} matches nothing`);
  const failed = unexplained.length + parseErrors.length + stale.length;
  console.log(failed ? `\n${failed} problem(s).` : `\n${findings.length} findings, none unexplained.`);
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
