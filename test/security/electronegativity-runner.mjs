/**
 * Runs Electronegativity's own runner (the one behind its CLI, with the CLI's options) in a process of its own, and
 * writes its findings as JSON. Not its CSV report: that writer sends the header and the rows as two writes it does
 * not order, so now and then the header lands after (or over) the rows and the report cannot be read. The CLI also
 * drops the files it could not parse; this writes them next to the findings, so a file the scanner silently skipped
 * fails the scan.
 *
 * argv: <input dir> <findings.json> <parse-errors.json> <electron version> <excluded checks, comma-separated>
 */
import { writeFileSync } from 'node:fs';
import run from '@doyensec/electronegativity';

const [input, report, parseErrorsFile, electronVersion, excluded] = process.argv.slice(2);

run({
  input,
  isRelative: true,
  electronVersionOverride: electronVersion,
  excludeFromScan: excluded.split(',').filter(Boolean),
})
  .then((result) => {
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      location: `${issue.location.line}:${issue.location.column}`,
      sample: (issue.sample ?? '').trim(),
      description: issue.description ?? '',
    }));
    writeFileSync(report, JSON.stringify(findings, null, 2));
    const parseErrors = result.errors.filter((error) => !error.tolerable);
    writeFileSync(parseErrorsFile, JSON.stringify(parseErrors));
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
