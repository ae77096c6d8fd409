/**
 * Serves the Stripe.js stand-in (built from ../browser by the package's vite.browser.config.ts into dist/browser)
 * from the simulator's origin, as js.stripe.com serves Stripe.js:
 *
 *   GET /v3/stripe.js  (also /v3, /endive/stripe.js, /stripe.js)   the stand-in script (defines window.Stripe)
 *   GET /v3/elements/card-frame.html?origin=<embedding page origin>&id=<frame id>    the card frame page
 *   GET /v3/elements/card-frame.js, /v3/elements/card-frame.css                     its script and styles
 *
 * The frame page may be embedded only by the origin named in its URL (`frame-ancestors <origin>`): any page that
 * loads the script gets frames it can embed (Till's `https://app.till.invalid`, the browser preview, test pages),
 * and no other page can frame them claiming that origin. Everything else (the API, CORS) is the core's.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import type { SimulatorPlugin } from '../context';

export interface StripeJsStandInOptions {
  /**
   * The folder holding the built assets (`stripe.js`, `elements/…`). Default: the first that contains `stripe.js` of
   * the package's own `dist/browser` (found from this module) and `<this bundle's folder>/../simulator-browser`
   * (an app that bundles the simulator copies the assets there, as Till does into out/).
   */
  assetsDir?: string;
}

/** The stand-in script's paths; `/v3/stripe.js` is the canonical one (what Till's renderer loads). */
export const STRIPE_JS_PATHS = ['/v3/stripe.js', '/v3', '/endive/stripe.js', '/stripe.js'] as const;
export const STRIPE_JS_PATH = STRIPE_JS_PATHS[0];

const ELEMENT_FILES: Record<string, string> = {
  'card-frame.html': 'text/html; charset=utf-8',
  'card-frame.js': 'text/javascript; charset=utf-8',
  'card-frame.css': 'text/css; charset=utf-8',
};

const BUILD_HINT = "Build it with the simulator package's `npm run build` (vite.browser.config.ts).";

function defaultCandidates(): string[] {
  const candidates: string[] = [];
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    candidates.push(resolve(here, '../../dist/browser'), resolve(here, '../simulator-browser'));
  } catch {
    // not loaded from a file: the caller must name assetsDir
  }
  return candidates;
}

/** `https://app.till.invalid` stays; anything that is not exactly a serialised http(s) origin is refused. */
export function parseEmbedderOrigin(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** The card frame's policy: its own origin only, embeddable by `embedder` alone. */
export function frameCsp(embedder: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${embedder ?? "'none'"}`,
  ].join('; ');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function notBuiltPage(dir: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe.js stand-in not built</title></head>
<body style="font:14px/1.4 system-ui,sans-serif;color:#df1b41;margin:8px">
<p><strong>The Stripe simulator's card form is not built.</strong> ${escapeHtml(BUILD_HINT)}</p>
<p>Looked in ${escapeHtml(dir)}.</p></body></html>`;
}

export function createStripeJsStandIn(options: StripeJsStandInOptions = {}): SimulatorPlugin {
  return (app, sim) => {
    const candidates = options.assetsDir ? [resolve(options.assetsDir)] : defaultCandidates();
    let found: string | null = null;
    /** Looked up per request until found, so building after the simulator started works. */
    const assetsDir = (): string | null => {
      if (found && existsSync(join(found, 'stripe.js'))) return found;
      found = candidates.find((dir) => existsSync(join(dir, 'stripe.js'))) ?? null;
      return found;
    };
    const where = candidates.join(', ');
    let warned = false;

    const common = (reply: FastifyReply): FastifyReply =>
      reply
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'cross-origin');

    const serveScript = async (reply: FastifyReply): Promise<FastifyReply> => {
      common(reply).header('access-control-allow-origin', '*');
      const dir = assetsDir();
      if (!dir) {
        if (!warned) sim.log.warn(`Stripe.js stand-in requested but not built (looked in ${where}). ${BUILD_HINT}`);
        warned = true;
        return reply
          .code(503)
          .type('text/javascript; charset=utf-8')
          .send(`/* The Stripe simulator's Stripe.js stand-in is not built. ${BUILD_HINT} Looked in ${where}. */\n`);
      }
      return reply.type('text/javascript; charset=utf-8').send(await readFile(join(dir, 'stripe.js')));
    };
    for (const url of STRIPE_JS_PATHS) app.get(url, (_req, reply) => serveScript(reply));

    app.get<{ Params: { file: string }; Querystring: Record<string, unknown> }>(
      '/v3/elements/:file',
      async (req, reply) => {
        const type = ELEMENT_FILES[req.params.file];
        common(reply);
        if (!type) {
          return reply.code(404).type('text/plain; charset=utf-8').send(`No such file: ${req.params.file}\n`);
        }
        const isPage = req.params.file.endsWith('.html');
        const embedder = isPage ? parseEmbedderOrigin(req.query.origin) : null;
        if (isPage) {
          reply
            .header('content-security-policy', frameCsp(embedder))
            .header('referrer-policy', 'no-referrer')
            .header('cache-control', 'no-store');
        }
        const dir = assetsDir();
        if (!dir) {
          if (isPage) return reply.code(503).type(type).send(notBuiltPage(where));
          return reply.code(503).type('text/plain; charset=utf-8').send(`Not built. ${BUILD_HINT}\n`);
        }
        try {
          return reply.type(type).send(await readFile(join(dir, 'elements', req.params.file)));
        } catch {
          if (isPage)
            return reply
              .code(503)
              .type(type)
              .send(notBuiltPage(join(dir, 'elements')));
          return reply.code(503).type('text/plain; charset=utf-8').send(`Not built. ${BUILD_HINT}\n`);
        }
      },
    );
  };
}

/** The plugin with its defaults (what `startSimulator` installs). */
export const stripeJsStandIn: SimulatorPlugin = createStripeJsStandIn();
