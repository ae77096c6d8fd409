import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { buildCsp } from '#core/security/csp';
import { windowOptions } from '../../src/main/shell/window-options';

/** One row of Electronegativity's CSV report. */
export interface Finding {
  check: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}

const suppressionFile = z.object({
  excludedChecks: z.array(z.object({ check: z.string().min(1), why: z.string().min(20) })),
  suppressions: z.array(
    z.object({
      check: z.string().min(1),
      file: z.string().min(1),
      /** The finding's source line, as the report gives it: a new finding on another line is not covered. */
      sample: z.string().min(1),
      why: z.string().min(20),
    }),
  ),
});
export type Suppressions = z.infer<typeof suppressionFile>;

export const loadSuppressions = (path: string): Suppressions =>
  suppressionFile.parse(JSON.parse(readFileSync(path, 'utf8')));

const BLOCKING = new Set(['HIGH', 'MEDIUM']);
const covers = (entry: Suppressions['suppressions'][number], finding: Finding) =>
  entry.check === finding.check && entry.file === finding.file && entry.sample === finding.sample;

/** High and medium findings no suppression explains: each one fails the scan. */
export function unexplainedFindings(findings: Finding[], suppressions: Suppressions): Finding[] {
  return findings.filter(
    (finding) => BLOCKING.has(finding.severity) && !suppressions.suppressions.some((entry) => covers(entry, finding)),
  );
}

/** Suppressions that no longer match a finding: their `why` may no longer be true of the code, so they must go. */
export function staleSuppressions(findings: Finding[], suppressions: Suppressions): Suppressions['suppressions'] {
  return suppressions.suppressions.filter((entry) => !findings.some((finding) => covers(entry, finding)));
}

/**
 * What Electronegativity is given: the source, plus what the source builds at run time that a scanner reading one
 * file at a time cannot see. Till's windows take their options from windowOptions() and its pages get their CSP as
 * a response header (app-protocol.ts), so both are written out here as the scanner knows to read them: the real
 * options in `new BrowserWindow(...)` calls, the real policies in CSP meta tags.
 */
function stageInput(root: string, dir: string): void {
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'rendered'));
  const windows = [true, false].map((packaged) => {
    const options = windowOptions({
      packaged,
      preload: '/Till/out/preload/index.cjs',
      title: 'Till',
      size: { width: 1280, height: 820 },
    });
    return `// packaged: ${packaged}\nnew BrowserWindow(${JSON.stringify(options, null, 2)});\n`;
  });
  writeFileSync(
    join(dir, 'rendered/window-options.js'),
    `const { BrowserWindow } = require('electron');\n\n${windows.join('\n')}`,
  );
  const policies = {
    live: buildCsp({ payments: { kind: 'stripe' } }),
    training: buildCsp({ payments: { kind: 'simulator', origin: 'http://127.0.0.1:12111' } }),
  };
  for (const [name, csp] of Object.entries(policies)) {
    const escaped = csp.replaceAll('"', '&quot;');
    writeFileSync(
      join(dir, `rendered/csp-${name}.html`),
      `<!doctype html>\n<html><head><meta http-equiv="Content-Security-Policy" content="${escaped}"></head></html>\n`,
    );
  }
}

/** The Electron version Till ships, as the lockfile installed it. */
export const electronVersion = (root: string): string =>
  (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

/** Runs Electronegativity over the staged source and returns its findings. */
export async function scan(options: { root: string; workDir: string; suppressions: Suppressions }) {
  const input = join(options.workDir, 'input');
  const report = join(options.workDir, 'electronegativity-findings.json');
  const parseErrorsFile = join(options.workDir, 'parse-errors.json');
  stageInput(options.root, input);
  const excluded = options.suppressions.excludedChecks.map((entry) => entry.check).join(',');
  await promisify(execFile)(
    process.execPath,
    [
      join(options.root, 'test/security/electronegativity-runner.mjs'),
      input,
      report,
      parseErrorsFile,
      electronVersion(options.root),
      excluded,
    ],
    // Its translations are fetched from the network with a short time-out; without a network it uses its own.
    { cwd: options.root, env: { ...process.env, LANG: 'en-US' }, timeout: 60_000 },
  );
  const parseErrors = JSON.parse(readFileSync(parseErrorsFile, 'utf8')) as { file: string; message: string }[];
  const findings = JSON.parse(readFileSync(report, 'utf8')) as Finding[];
  return { findings, parseErrors, reportPath: report };
}
