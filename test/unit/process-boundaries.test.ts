import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '../..', file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'till/process-boundaries').map((m) => m.message);
}

describe('lint-enforced process boundaries', () => {
  it.each([
    ['core importing electron', 'src/main/core/payments/new-file.ts', "import { app } from 'electron';"],
    ['the renderer importing node:fs', 'src/renderer/src/new-file.tsx', "import { readFileSync } from 'node:fs';"],
    ['the renderer importing fs', 'src/renderer/src/new-file.tsx', "import fs from 'fs';"],
    [
      'the renderer importing main',
      'src/renderer/src/new-file.tsx',
      "import { openDatabase } from '../../main/core/db/open';",
    ],
    [
      'the simulator importing shared',
      'packages/stripe-simulator/src/new-file.ts',
      "import { CHANNELS } from '../../../src/shared/channels';",
    ],
    [
      'the simulator importing core',
      'packages/stripe-simulator/src/x/new-file.ts',
      "export * from '../../../../src/main/core/log';",
    ],
    ['shared importing node:crypto', 'src/shared/new-file.ts', "import { randomUUID } from 'node:crypto';"],
    ['core requiring electron', 'src/main/core/new-file.ts', "const { app } = require('electron');"],
    ['the renderer lazily importing main', 'src/renderer/src/new-file.tsx', "void import('../../main/core/log');"],
    ['the renderer importing core by its subpath', 'src/renderer/src/new-file.tsx', "import { x } from '#core/log';"],
    ['shared importing core by its subpath', 'src/shared/new-file.ts', "import { x } from '#core/log';"],
    ['the preview host importing the Electron shell', 'src/web/new-file.ts', "import { x } from '../main/shell/menu';"],
    ['the preview host importing electron', 'src/web/new-file.ts', "import { app } from 'electron';"],
    [
      'the Electron shell importing the preview host',
      'src/main/shell/new-file.ts',
      "import { previewShell } from '../../web/preview-shell';",
    ],
    ['the Electron shell importing the renderer', 'src/main/new-file.ts', "import App from '../renderer/src/App';"],
    ['the renderer importing the simulator', 'src/renderer/src/new-file.tsx', "import '@till/stripe-simulator';"],
    [
      'the Electron shell importing the simulator past core',
      'src/main/new-file.ts',
      "import { startSimulator } from '@till/stripe-simulator';",
    ],
    [
      'the simulator importing shared by its subpath',
      'packages/stripe-simulator/src/new-file.ts',
      "import { CHANNELS } from '#shared/channels';",
    ],
  ])('fails the lint for %s', async (_label, file, code) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/must not import/);
  });

  it.each([
    ['the Electron shell importing electron', 'src/main/shell/new-file.ts', "import { app } from 'electron';"],
    ['core importing node:fs', 'src/main/core/new-file.ts', "import { readFileSync } from 'node:fs';"],
    [
      'the renderer importing shared',
      'src/renderer/src/new-file.tsx',
      "import { formatMoney } from '../../shared/money';",
    ],
    [
      'the simulator importing its own files',
      'packages/stripe-simulator/src/x/new-file.ts',
      "import { a } from '../y/other';",
    ],
    [
      'the preview host importing core',
      'src/web/new-file.ts',
      "import { createTill } from '../main/core/create-till';",
    ],
    ['the preview host importing core by its subpath', 'src/web/new-file.ts', "import { x } from '#core/create-till';"],
    [
      'the Electron shell importing core by its subpath',
      'src/main/new-file.ts',
      "import { x } from '#core/create-till';",
    ],
    [
      'the renderer importing shared by its subpath',
      'src/renderer/src/new-file.tsx',
      "import { x } from '#shared/money';",
    ],
    [
      'core starting the simulator for training mode',
      'src/main/core/new-file.ts',
      "import { startSimulator } from '@till/stripe-simulator';",
    ],
  ])('allows %s', async (_label, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
