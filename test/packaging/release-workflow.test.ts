import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const text = readFileSync(join(import.meta.dirname, '../../.github/workflows/release.yml'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string;
  if?: string;
  strategy?: { matrix: { include: { os: string; platform: string }[] } };
  steps: Step[];
}
const workflow = load(text) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const build = workflow.jobs.build!;
const release = workflow.jobs.release!;
const runs = build.steps.map((step) => step.run ?? '');

describe('.github/workflows/release.yml', () => {
  // action-validator checks a workflow against SchemaStore's GitHub workflow schema (compiled to WebAssembly).
  it('is a valid GitHub Actions workflow', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('is checked for real: a misspelt key fails the validator', () => {
    expect(validateWorkflow(text.replace('runs-on: ubuntu-latest', 'run-on: ubuntu-latest')).errors).not.toEqual([]);
  });

  it('tests and builds on Windows, macOS and Linux runners, each with its own installer', () => {
    expect(build.strategy!.matrix.include).toEqual([
      { os: 'windows-latest', platform: '--win' },
      { os: 'macos-latest', platform: '--mac' },
      { os: 'ubuntu-latest', platform: '--linux' },
    ]);
    expect(build['runs-on']).toBe('${{ matrix.os }}');
  });

  it('installs with npm ci on Node 22 and Playwright’s Chromium, then runs npm test, Linux under Xvfb', () => {
    expect(build.steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({
      'node-version': 22,
    });
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npx playwright install --with-deps chromium');
    expect(runs).toContain('npm test');
    expect(runs).toContain('xvfb-run --auto-servernum npm test');
  });

  it('makes the Playwright _electron tests fail instead of skipping when the binary is missing', () => {
    const tests = build.steps.filter((step) => step.run?.endsWith('npm test'));
    expect(tests).toHaveLength(2);
    for (const step of tests) expect(step.env).toEqual({ TILL_REQUIRE_ELECTRON: '1' });
  });

  it('builds the installers, checks what is unpacked from asar, and uploads them', () => {
    expect(runs).toContain('npx electron-builder ${{ matrix.platform }} --publish never');
    expect(runs).toContain('node scripts/packaging/check-unpacked.mjs release');
    const upload = build.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(String(upload?.with?.path)).toMatch(/\.exe[\s\S]*\.dmg[\s\S]*\.AppImage[\s\S]*latest\*\.yml/);
  });

  it('runs the packed app.asar after the build, to prove the export’s worker threads start from inside it', () => {
    const built = runs.indexOf('npx electron-builder ${{ matrix.platform }} --publish never');
    const packaged = build.steps.filter((step) => step.run?.endsWith('test/electron/packaged-export.spec.ts'));
    expect(packaged.map((step) => step.run)).toEqual([
      'xvfb-run --auto-servernum npx playwright test --project electron test/electron/packaged-export.spec.ts',
      'npx playwright test --project electron test/electron/packaged-export.spec.ts',
    ]);
    for (const step of packaged) {
      expect(step.env).toEqual({ TILL_PACKAGED_RELEASE: 'release' });
      expect(build.steps.indexOf(step)).toBeGreaterThan(built);
    }
  });

  it('drafts a GitHub release with the installers on a v* tag only', () => {
    expect(workflow.on.push).toMatchObject({ tags: ['v*'] });
    expect(release).toMatchObject({ needs: 'build', if: "startsWith(github.ref, 'refs/tags/v')" });
    const draft = release.steps.find((step) => step.uses?.startsWith('softprops/action-gh-release'));
    expect(draft?.with).toMatchObject({ draft: true });
  });
});
