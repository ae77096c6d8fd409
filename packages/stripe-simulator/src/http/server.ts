/**
 * The fastify app: Stripe's request encoding, CORS like api.stripe.com, `request-id`/`stripe-version` headers, and
 * `route()`, which wraps a handler with Stripe's semantics in this order:
 *   faults (before) → key check → idempotency (register/replay) → fault latency → handler → save response →
 *   faults (after) → reply.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { AuthInfo, RequestLogEntry, RouteAccess, StripeRouteOptions } from '../context';
import type { Engine } from '../engine';
import { newRequestId } from '../ids';
import type { KeyChecker } from './auth';
import { keyFromHeaders } from './auth';
import {
  apiError,
  invalidRequest,
  permissionDenied,
  rateLimited,
  SimulatorError,
  unrecognizedUrl,
} from '../api/errors';
import { parseForm, parseQuery } from './form';
import { IdempotencyStore } from '../state/idempotency';

declare module 'fastify' {
  interface FastifyRequest {
    stripeRequestId: string;
  }
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-credentials': 'true',
  'access-control-allow-methods': 'GET, POST, HEAD, OPTIONS, DELETE',
  'access-control-expose-headers':
    'Request-Id, Stripe-Manage-Version, Stripe-Should-Retry, X-Stripe-External-Auth-Required, X-Stripe-Privileged-Session-Required, Idempotent-Replayed, Original-Request',
  'access-control-max-age': '300',
};

/** Hung requests (fault kind "timeout") are cut after this long even if the client waits forever. */
const HANG_MS = 5 * 60_000;

export interface HttpDeps {
  engine: Engine;
  keys: KeyChecker;
  logger: boolean;
  log: { error(msg: string, err?: unknown): void };
  requestLog: (entry: RequestLogEntry) => void;
}

export interface SimulatorHttp {
  app: FastifyInstance;
  route(options: StripeRouteOptions): void;
  /** Sockets held open by "timeout" faults; destroyed on close. */
  hung: Set<Socket>;
}

/** Compact JSON: clients parse it anyway, and it is what keeps the simulator fast. */
export const json = (body: unknown): string => JSON.stringify(body);

export function createHttp(deps: HttpDeps): SimulatorHttp {
  const { engine } = deps;
  const app = Fastify({
    logger: deps.logger,
    routerOptions: { querystringParser: (text: string) => parseQuery(text) },
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
    keepAliveTimeout: 65_000,
  });
  const hung = new Set<Socket>();

  app.decorateRequest('stripeRequestId', '');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Clients that send no (or another) content type still get Stripe's form parsing.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    request.stripeRequestId = newRequestId();
    reply.headers(CORS_HEADERS);
    reply.header('request-id', request.stripeRequestId);
    const version = request.headers['stripe-version'];
    reply.header('stripe-version', (Array.isArray(version) ? version[0] : version) || engine.apiVersion);
  });

  // CORS preflight for every path (Stripe.js stand-in pages call from another origin).
  app.options('/*', async (request, reply) => {
    const asked = request.headers['access-control-request-headers'];
    reply.header(
      'access-control-allow-headers',
      asked || 'Authorization, Content-Type, Stripe-Version, Idempotency-Key',
    );
    return reply.code(200).send();
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return sendError(reply, unrecognizedUrl(request.method, path));
  });

  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof SimulatorError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendError(reply, invalidRequest((error as Error).message, { status: status === 415 ? 400 : status }));
    }
    deps.log.error('simulator: unexpected error', error);
    return sendError(reply, apiError());
  });

  function sendError(reply: FastifyReply, err: SimulatorError): FastifyReply {
    return reply
      .code(err.status)
      .headers(err.headers)
      .type('application/json')
      .send(json({ error: err.body }));
  }

  function drop(request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    request.raw.socket.destroy();
  }

  function hang(request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    const socket = request.raw.socket;
    hung.add(socket);
    const timer = setTimeout(() => socket.destroy(), HANG_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      hung.delete(socket);
    });
  }

  function route(options: StripeRouteOptions): void {
    const access: RouteAccess = options.access;
    const idempotent = options.method === 'POST' && options.idempotent !== false;
    app.route({
      method: options.method,
      url: options.url,
      handler: async (request, reply) => {
        const started = performance.now();
        const path = request.url.split('?')[0] ?? request.url;
        const rid = request.stripeRequestId;
        const headerKey = request.headers['idempotency-key'];
        const idemKey = (Array.isArray(headerKey) ? headerKey[0] : headerKey) || null;
        if (idemKey) reply.header('idempotency-key', idemKey);
        let status = 200;
        let errorType: string | null = null;
        const finish = () =>
          deps.requestLog({
            id: rid,
            created: engine.now(),
            method: options.method,
            path,
            status,
            errorType,
            idempotencyKey: idemKey,
            durationMs: performance.now() - started,
          });

        const fault = path.startsWith('/v1/') ? engine.faults.decide(path) : null;
        if (fault?.kind === 'drop') return drop(request, reply);
        if (fault?.kind === 'timeout') return hang(request, reply);
        if (fault?.kind === '429' || fault?.kind === '500') {
          const err = fault.kind === '429' ? rateLimited() : apiError();
          status = err.status;
          errorType = err.body.type;
          finish();
          return sendError(reply, err);
        }

        const query = (request.query ?? {}) as Record<string, unknown>;
        const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
        const params: Record<string, unknown> = options.method === 'POST' ? { ...query, ...body } : { ...query };
        const paramKey = typeof params.key === 'string' ? params.key : null;
        delete params.key;
        delete params._stripe_version;

        let registered = false;
        let text: string;
        let error: SimulatorError | null = null;
        try {
          const auth: AuthInfo | null = deps.keys.check(keyFromHeaders(request.headers) ?? paramKey, access);
          const missing =
            auth?.kind === 'restricted' ? engine.restrictedKeys.missing(auth.key, options.method, path) : null;
          if (auth && missing) throw permissionDenied(auth.key, engine.accountId, missing);
          if (idempotent && idemKey) {
            const outcome = engine.idempotency.begin(
              idemKey,
              IdempotencyStore.fingerprint(options.method, path, params),
              engine.clock.nowMs(),
            );
            if (outcome.kind === 'replay') {
              status = outcome.response.status;
              // "After" faults hit replays too: the client still never sees the answer.
              if (fault?.kind === 'drop_after') return drop(request, reply);
              if (fault?.kind === 'timeout_after') return hang(request, reply);
              finish();
              return reply
                .code(outcome.response.status)
                .header('idempotent-replayed', 'true')
                .header('original-request', outcome.response.requestId)
                .type('application/json')
                .send(outcome.response.body);
            }
            registered = true;
          }
          if (fault && fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
          engine.request = { id: rid, idempotencyKey: idemKey };
          let result: unknown;
          try {
            result = options.handler({
              params,
              path: (request.params ?? {}) as Record<string, string>,
              auth,
              requestId: rid,
              idempotencyKey: idemKey,
              raw: request,
            });
          } finally {
            engine.request = null;
          }
          if (result instanceof Promise) result = await result;
          text = json(result);
        } catch (err) {
          if (err instanceof SimulatorError) error = err;
          else {
            deps.log.error(`simulator: ${options.method} ${path} failed`, err);
            error = apiError();
          }
          status = error.status;
          errorType = error.body.type;
          text = json({ error: error.body });
        }
        if (registered && idemKey) {
          if (error?.validation) engine.idempotency.abandon(idemKey);
          else engine.idempotency.complete(idemKey, { status, body: text, requestId: rid });
        }
        if (fault?.kind === 'drop_after') return drop(request, reply);
        if (fault?.kind === 'timeout_after') return hang(request, reply);
        if (fault?.kind === '500_after') {
          const err = apiError();
          status = err.status;
          errorType = err.body.type;
          finish();
          return sendError(reply, err);
        }
        finish();
        if (error) reply.headers(error.headers);
        return reply.code(status).type('application/json').send(text);
      },
    });
  }

  return { app, route, hung };
}
