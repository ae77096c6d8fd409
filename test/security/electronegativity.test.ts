import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Finding,
  loadSuppressions,
  scan,
  staleSuppressions,
  type Suppressions,
  unexplainedFindings,
} from './electronegativity-scan';

const root = resolve(import.meta.dirname, '../..');
const suppressions = loadSuppressions(join(root, 'electronegativity-suppressions.json'));
const workDir = mkdtempSync(join(tmpdir(), 'till-electronegativity-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const finding = (overrides: Partial<Finding>): Finding => ({
  check: 'SANDBOX_JS_CHECK',
  severity: 'MEDIUM',
  confidence: 'FIRM',
  file: 'src/main/shell/windows.ts',
  location: '9:17',
  sample: 'const window = new BrowserWindow(windowOptions({ packaged: app.isPackaged, preload, title, size }));',
  description: 'Use sandbox for untrusted origins',
  ...overrides,
});

describe('Electronegativity over the source', () => {
  it('finds no high or medium issue that the suppression file does not explain', async () => {
    const started = performance.now();
    const { findings, parseErrors } = await scan({ root, workDir, suppressions });
    const seconds = (performance.now() - started) / 1000;
    console.log(`Electronegativity: ${findings.length} findings in ${seconds.toFixed(1)} s`);

    // A file the scanner cannot parse is a file it did not check.
    expect(parseErrors).toEqual([]);
    // The scan really read Till's windows: it reports the preload it was shown.
    expect(findings.some((f) => f.check === 'PRELOAD_JS_CHECK' && f.file === 'rendered/window-options.js')).toBe(true);
    expect(unexplainedFindings(findings, suppressions)).toEqual([]);
    expect(staleSuppressions(findings, suppressions)).toEqual([]);
    expect(seconds).toBeLessThan(30);
  }, 60_000);
});

describe('the suppression gate', () => {
  const one: Suppressions = {
    excludedChecks: [],
    suppressions: [
      { check: 'SANDBOX_JS_CHECK', file: 'src/main/shell/windows.ts', sample: finding({}).sample, why: 'x'.repeat(20) },
    ],
  };

  it('fails a high or medium finding no suppression names', () => {
    const high = finding({ check: 'NODE_INTEGRATION_JS_CHECK', severity: 'HIGH', sample: 'nodeIntegration: true,' });
    const medium = finding({ check: 'AUXCLICK_JS_CHECK' });
    expect(unexplainedFindings([high, medium, finding({})], one)).toEqual([high, medium]);
  });

  it('covers a finding only in the file and on the line its suppression names', () => {
    const elsewhere = finding({ file: 'src/main/index.ts' });
    const newLine = finding({ sample: 'new BrowserWindow({ webPreferences: { sandbox: false } })' });
    expect(unexplainedFindings([elsewhere, newLine], one)).toEqual([elsewhere, newLine]);
  });

  it('lets low and informational findings through', () => {
    const low = finding({ check: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'rendered/csp-training.html' });
    expect(unexplainedFindings([low, finding({ severity: 'INFORMATIONAL', file: 'x.ts' })], one)).toEqual([]);
  });

  it('reports a suppression that no longer matches anything', () => {
    expect(staleSuppressions([], one)).toEqual(one.suppressions);
    expect(staleSuppressions([finding({})], one)).toEqual([]);
  });

  it.each([
    ['no reason', { check: 'SANDBOX_JS_CHECK', file: 'src/main/shell/windows.ts', sample: 'x' }],
    [
      'a reason of one word',
      { check: 'SANDBOX_JS_CHECK', file: 'src/main/shell/windows.ts', sample: 'x', why: 'fine' },
    ],
    ['no file', { check: 'SANDBOX_JS_CHECK', sample: 'x', why: 'x'.repeat(40) }],
  ])('refuses a suppression with %s', (_label, entry) => {
    const path = join(workDir, 'suppressions.json');
    writeFileSync(path, JSON.stringify({ excludedChecks: [], suppressions: [entry] }));
    expect(() => loadSuppressions(path)).toThrow();
  });
});
