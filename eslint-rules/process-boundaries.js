/**
 * Till's process boundaries, as a lint rule (Signal enforces its own with file suffixes):
 *  - the renderer runs in a sandboxed page: it imports neither main's code nor Node built-ins nor Electron;
 *  - src/main/core runs in plain Node (tests, browser preview): it never imports Electron nor a host's code;
 *  - the Electron shell (the rest of src/main) and the browser preview host (src/web) are two hosts of core: neither
 *    imports the other, nor the renderer; only the shell imports Electron;
 *  - the simulator (packages/stripe-simulator) could be published on its own: it imports nothing from Till, and
 *    only core (training mode) imports it;
 *  - src/shared is isomorphic: it imports neither Node built-ins nor Electron, nor any process's code.
 * Relative imports are resolved against the importing file, and the package.json subpaths (`#shared/…`, `#core/…`)
 * and the simulator's package name are read as the folders they name, so a crossing is caught however it is spelled.
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isNodeBuiltin = (spec) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);
const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/');

/** The area of the source tree a path belongs to, or null outside src/ and the simulator package. */
function areaOf(root, file) {
  if (!relative(resolve(root, 'packages/stripe-simulator'), file).startsWith('..')) return 'simulator';
  const rel = relative(resolve(root, 'src'), file).split(sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  if (rel[0] === 'main' && rel[1] === 'core') return 'main/core';
  if (rel[0] === 'web' && rel[1] === 'bridge') return 'web/bridge';
  return rel[0];
}

/** The areas that import specifiers other than relative paths name. */
const NAMED_AREAS = [
  ['#shared/', 'shared'],
  ['#core/', 'main/core'],
  ['@till/stripe-simulator', 'simulator'],
];
const namedArea = (spec) => NAMED_AREAS.find(([prefix]) => spec === prefix || spec.startsWith(prefix))?.[1] ?? null;

const RULES = {
  renderer: {
    forbidden: ['main', 'main/core', 'preload', 'simulator', 'web', 'web/bridge'],
    node: true,
    electron: true,
    why: 'the renderer is a sandboxed web page; it reaches main only through window.till',
  },
  'main/core': {
    forbidden: ['renderer', 'preload', 'main', 'web', 'web/bridge'],
    electron: true,
    why: 'core runs without Electron (tests, browser preview); Electron belongs in src/main/index.ts and src/main/shell',
  },
  main: {
    forbidden: ['renderer', 'preload', 'web', 'web/bridge', 'simulator'],
    why: 'the Electron shell hosts core; the browser preview is the other host, and the simulator is reached through core',
  },
  web: {
    forbidden: ['renderer', 'preload', 'main', 'simulator'],
    electron: true,
    why: 'the browser preview hosts core without Electron; the Electron shell is the other host, and the simulator is reached through core',
  },
  simulator: {
    forbidden: ['renderer', 'preload', 'main', 'main/core', 'web', 'web/bridge', 'shared'],
    why: 'the simulator imports nothing from the app, so it could be published on its own',
  },
  shared: {
    forbidden: ['renderer', 'preload', 'main', 'main/core', 'web', 'web/bridge', 'simulator'],
    node: true,
    electron: true,
    why: 'shared code runs in every process, including the sandboxed renderer',
  },
  'web/bridge': {
    forbidden: ['renderer', 'preload', 'main', 'main/core', 'web', 'simulator'],
    node: true,
    electron: true,
    why: 'the bridge runs in the browser page',
  },
  preload: {
    forbidden: ['renderer', 'main', 'main/core', 'web', 'web/bridge', 'simulator'],
    node: true,
    why: 'the preload runs sandboxed and may use only electron and shared code',
  },
};

const where = (area) => (area === 'simulator' ? 'packages/stripe-simulator' : `src/${area}`);

export default {
  meta: {
    type: 'problem',
    docs: { description: "Enforce Till's process boundaries" },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      boundary: '{{from}} must not import {{what}}: {{why}}.',
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const from = areaOf(root, file);
    const rule = from && RULES[from];
    if (!rule) return {};

    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      let what = null;
      if (rule.node && isNodeBuiltin(spec)) what = `the Node built-in "${spec}"`;
      else if (rule.electron && isElectron(spec)) what = `"${spec}"`;
      else {
        const target = spec.startsWith('.') ? areaOf(root, resolve(dirname(file), spec)) : namedArea(spec);
        if (target && target !== from && rule.forbidden.includes(target)) what = `${where(target)} ("${spec}")`;
      }
      if (what) context.report({ node, messageId: 'boundary', data: { from: where(from), what, why: rule.why } });
    };

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
