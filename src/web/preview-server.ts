/**
 * The browser preview: Till's core in Node, its renderer served on 127.0.0.1, and `window.till` carried over HTTP.
 * For development, tests, demos and machines without Electron — not a way around Electron's isolation, so:
 * loopback only; a one-time launch token, exchanged once for a random HttpOnly SameSite=Strict session cookie
 * (preview-sessions.ts); the Host and Origin headers checked on every request so that a DNS-rebinding page cannot
 * reach it; calls only as JSON (a cross-site form cannot send that); and time-outs, a body limit and a connection cap
 * (preview-limits.ts) so that a slow or greedy client cannot hold it.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Till } from '#core/create-till';
import { windowName } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { buildCsp, type CspOptions } from '#core/security/csp';
import { DOWNLOAD_PATH, previewDownloads } from './preview-downloads';
import { DEFAULT_PREVIEW_LIMITS, serverOptionsFor, type PreviewLimits } from './preview-limits';
import { createPreviewSessions } from './preview-sessions';

export interface PreviewServerOptions {
  /** The core to serve, or a host whose core changes when the owner switches Stripe keys (core/till-host.ts). */
  till: Till | { readonly till: Till };
  /** electron-vite's renderer output (index.html + assets). */
  rendererDir: string;
  /** The built bridge script (out/web/bridge.js). */
  bridgeFile: string;
  port?: number;
  /** What the card form needs the CSP to allow; a function when it follows a switch of keys. */
  payments?: CspOptions['payments'] | (() => CspOptions['payments']);
  /** Time-outs, body limit and connection cap; tests shorten them. */
  limits?: Partial<PreviewLimits>;
}

export interface PreviewServer {
  /** The launch link printed at start: its one-time token opens one browser session, then stops working. */
  url: string;
  origin: string;
  /** Another one-time launch link, for another browser session (a test's second browser context, say). */
  newLaunchUrl(): string;
  close(): Promise<void>;
}

/** The request header the bridge names its window in (checkout, history…), for the audit log. */
const WINDOW_HEADER = 'x-till-window';

const NEEDS_LINK = [
  'This browser is not signed in to the Till preview.',
  '',
  'Open the link the preview printed when it started. Each link works once: it opens one browser session, which',
  'then stays open, reloads included. A link that was already opened (in another browser, another profile, or',
  'before cookies were cleared) is refused.',
  '',
  'For a fresh link, stop the preview (Ctrl+C) and start it again (npm run start:web).',
].join('\n');

/** Only JSON calls: a page on another site can post a form (text/plain, urlencoded) without asking, but not JSON. */
const isJson = (contentType: string | undefined) =>
  contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const sessions = createPreviewSessions();
  const limits = { ...DEFAULT_PREVIEW_LIMITS, ...options.limits };
  const source = options.till;
  const current = (): Till => ('handlers' in source ? source : source.till);
  const indexHtml = readFileSync(join(options.rendererDir, 'index.html'), 'utf8').replace(
    '<head>',
    '<head>\n    <script src="/bridge.js"></script>',
  );
  const bridgeJs = readFileSync(options.bridgeFile, 'utf8');
  const { payments = { kind: 'none' } } = options;
  const csp = () => buildCsp({ payments: typeof payments === 'function' ? payments() : payments });

  // Named by port: previews on two ports of one machine share the browser's cookie jar, not their sessions.
  let cookieName = 'till_session';
  const sessionOf = (request: FastifyRequest) => sessions.sessionOf(request.cookies[cookieName]);
  // Push streams stay open for the page's lifetime; closing the server must end them rather than wait.
  const app = Fastify({ logger: false, forceCloseConnections: true, ...serverOptionsFor(limits) });
  // Node drops connections over the cap as they arrive, before a byte is read.
  app.server.maxConnections = limits.connections;
  const pushStreams = new Set<ServerResponse>();
  await app.register(fastifyCookie);
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  // Every request: only this machine's loopback names as Host, and only our own origin as Origin.
  app.addHook('onRequest', async (request, reply) => {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return reply.code(421).type('text/plain').send('Misdirected request: unexpected Host header.');
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) {
      return reply.code(403).type('text/plain').send('Forbidden: cross-origin request.');
    }
    // The entry page exchanges the launch token for the cookie; everything else needs the cookie.
    if (request.url !== '/' && !request.url.startsWith('/?') && sessionOf(request) === null) {
      return reply.code(401).type('text/plain; charset=utf-8').send(NEEDS_LINK);
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', csp());
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });

  app.get('/', async (request, reply) => {
    const { token: offered } = request.query as { token?: string };
    const signedIn = sessionOf(request) !== null;
    if (offered !== undefined) {
      // A browser that already has its session keeps it when the link is opened again; it spends no token.
      const cookie = signedIn ? null : sessions.exchange(offered);
      if (cookie !== null) reply.setCookie(cookieName, cookie, { httpOnly: true, sameSite: 'strict', path: '/' });
      // Off the address bar, so the token is not left in the history or a bookmark.
      if (signedIn || cookie !== null) return reply.redirect('/');
    }
    if (!signedIn) return reply.code(401).type('text/plain; charset=utf-8').send(NEEDS_LINK);
    return reply.type('text/html; charset=utf-8').send(indexHtml);
  });

  app.get('/bridge.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(bridgeJs));

  app.post<{ Params: { channel: string }; Body: { input?: unknown } }>(
    '/api/call/:channel',
    {
      // Before the body is read: anything but JSON is refused without reaching a parser or a handler.
      onRequest: async (request, reply) => {
        if (!isJson(request.headers['content-type'])) {
          return reply.code(415).type('text/plain').send('Unsupported media type: calls are JSON.');
        }
      },
    },
    async (request) => {
      const body = request.body && typeof request.body === 'object' ? request.body : {};
      const till = current();
      // The session stands for the cookie without being it: core may log and audit it.
      const caller = { session: sessionOf(request)!, window: windowName(request.headers[WINDOW_HEADER]) };
      return dispatch(till.handlers, request.params.channel, body.input, till.log, caller);
    },
  );

  // A streamed export (preview-downloads.ts): written into the response as it is made; the page aborting the
  // download (its Cancel) closes the request, which stops the write.
  app.get<{ Params: { token: string } }>(`${DOWNLOAD_PATH}:token`, async (request, reply) => {
    const download = previewDownloads.take(request.params.token, sessionOf(request)!);
    if (!download) return reply.code(404).type('text/plain').send('This download has expired or was already taken.');
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${download.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    try {
      await download.write(reply.raw);
    } catch {
      // Canceled, or the page went away: the response is cut off, and the page keeps nothing of it.
      reply.raw.destroy();
    }
  });

  app.get('/api/push', (request, reply) => {
    // Long-lived and quiet by design: Node's request time-outs stop counting once the request has arrived, and
    // there is no idle time-out (preview-limits.ts), so nothing ends it but the page or close().
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    reply.raw.write(': connected\n\n');
    const unsubscribe = current().push.subscribe((topic, payload) => {
      reply.raw.write(`data: ${JSON.stringify({ topic, payload })}\n\n`);
    });
    pushStreams.add(reply.raw);
    request.raw.on('close', () => {
      unsubscribe();
      pushStreams.delete(reply.raw);
    });
  });

  await app.register(fastifyStatic, {
    root: options.rendererDir,
    prefix: '/',
    index: false,
    wildcard: true,
    decorateReply: false,
  });

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = new URL(address).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  cookieName = `till_session_${port}`;
  const newLaunchUrl = () => `${origin}/?token=${sessions.newLaunchToken()}`;

  return {
    url: newLaunchUrl(),
    origin,
    newLaunchUrl,
    close: async () => {
      for (const stream of pushStreams) stream.end();
      await app.close();
    },
  };
}
