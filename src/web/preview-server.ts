/**
 * The browser preview: Till's core in Node, its renderer served on 127.0.0.1, and `window.till` carried over HTTP.
 * For development, tests, demos and machines without Electron — not a way around Electron's isolation, so:
 * loopback only, a random token per launch (exchanged once for an HttpOnly SameSite=Strict cookie), and the Host
 * and Origin headers checked on every request so that a DNS-rebinding page cannot reach it.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Till } from '#core/create-till';
import { windowName } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { buildCsp, type CspOptions } from '#core/security/csp';

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
  token?: string;
}

export interface PreviewServer {
  /** Open this URL once; it carries the launch token and sets the session cookie. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

const COOKIE = 'till_session';
const NEEDS_TOKEN = 'This preview needs the link printed when it started (it carries a one-time token).';

const sameSecret = (a: string | undefined, b: string) =>
  a !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const source = options.till;
  const current = (): Till => ('handlers' in source ? source : source.till);
  const indexHtml = readFileSync(join(options.rendererDir, 'index.html'), 'utf8').replace(
    '<head>',
    '<head>\n    <script src="/bridge.js"></script>',
  );
  const bridgeJs = readFileSync(options.bridgeFile, 'utf8');
  const { payments = { kind: 'none' } } = options;
  const csp = () => buildCsp({ payments: typeof payments === 'function' ? payments() : payments });

  const hasSession = (request: FastifyRequest) => sameSecret(request.cookies[COOKIE], token);
  // Push streams stay open for the page's lifetime; closing the server must end them rather than wait.
  const app = Fastify({ logger: false, forceCloseConnections: true });
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
    if (request.url !== '/' && !request.url.startsWith('/?') && !hasSession(request)) {
      return reply.code(401).type('text/plain').send(NEEDS_TOKEN);
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
    if (offered !== undefined && sameSecret(offered, token)) {
      reply.setCookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
      return reply.redirect('/');
    }
    if (!hasSession(request)) return reply.code(401).type('text/plain').send(NEEDS_TOKEN);
    return reply.type('text/html; charset=utf-8').send(indexHtml);
  });

  app.get('/bridge.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(bridgeJs));

  app.post<{ Params: { channel: string }; Body: { input?: unknown } }>('/api/call/:channel', async (request) => {
    const body = request.body && typeof request.body === 'object' ? request.body : {};
    const till = current();
    return dispatch(till.handlers, request.params.channel, body.input, till.log, {
      session: 'preview',
      window: windowName(request.headers['x-till-window']),
    });
  });

  app.get('/api/push', (request, reply) => {
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

  return {
    url: `${origin}/?token=${token}`,
    origin,
    close: async () => {
      for (const stream of pushStreams) stream.end();
      await app.close();
    },
  };
}
