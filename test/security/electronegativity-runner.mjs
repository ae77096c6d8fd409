/**
 * Runs Electronegativity's own runner (the one behind its CLI, with the CLI's options) in a process of its own.
 * The CLI drops the files it could not parse when it writes a report; this writes them next to the report, so a
 * file the scanner silently skipped fails the scan. Node exits only after the report is written (the runner
 * writes it without waiting).
 *
 * argv: <input dir> <report.csv> <parse-errors.json> <electron version> <excluded checks, comma-separated>
 */
import { writeFileSync } from 'node:fs';
import run from '@doyensec/electronegativity';

const [input, report, parseErrorsFile, electronVersion, excluded] = process.argv.slice(2);

run({
  input,
  output: report,
  isRelative: true,
  electronVersionOverride: electronVersion,
  excludeFromScan: excluded.split(',').filter(Boolean),
})
  .then((result) => {
    const parseErrors = result.errors.filter((error) => !error.tolerable);
    writeFileSync(parseErrorsFile, JSON.stringify(parseErrors));
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
