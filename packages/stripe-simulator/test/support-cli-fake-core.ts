/**
 * A minimal stand-in for the simulator core's plugin context (src/context.ts), so the Stripe CLI protocol
 * plugin can be exercised with the real CLI binary in isolation: tests emit events directly instead of going through
 * the payment resources. The real `startSimulator` is covered by cli-simulator.test.ts.
 */
import { createHmac } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import qs from 'qs';
import type Stripe from 'stripe';
import type { EventDelivery, EventListener, RequestLogEntry, SimulatorContext, SimulatorPlugin } from '../src/context';

export interface FakeCore {
  app: FastifyInstance;
  context: SimulatorContext;
  baseUrl: string;
  /** Calls the event listeners as the core would. */
  emit(event: Stripe.Event, delivery?: Partial<EventDelivery>): void;
  /** Makes a Stripe-shaped event. */
  makeEvent(type: string, object?: Record<string, unknown>): Stripe.Event;
  close(): Promise<void>;
}

let counter = 0;

export async function startFakeCore(plugins: SimulatorPlugin[]): Promise<FakeCore> {
  const app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, qs.parse(body as string)),
  );
  const listeners = new Set<EventListener>();
  const logListeners = new Set<(entry: RequestLogEntry) => void>();
  const closeHooks: (() => void | Promise<void>)[] = [];
  const events = new Map<string, Stripe.Event>();
  let baseUrl = '';
  const keys = {
    secret: 'sk_test_fakecore0123456789',
    restricted: 'rk_test_fakecore0123456789',
    publishable: 'pk_test_fakecore0123456789',
  };
  const webhookSecret = 'whsec_fakecore0123456789abcdef0123456789ab';

  const authenticate: SimulatorContext['authenticate'] = (headers, access) => {
    if (access === 'none') return null;
    const header = headers.authorization;
    const key = (Array.isArray(header) ? header[0] : header)?.replace(/^Bearer /, '') ?? '';
    const kind = key.startsWith('sk_test_')
      ? 'secret'
      : key.startsWith('rk_test_')
        ? 'restricted'
        : key.startsWith('pk_test_')
          ? 'publishable'
          : null;
    if (!kind) throw Object.assign(new Error('Invalid API Key provided'), { status: 401 });
    if (kind === 'publishable' && access === 'secret') {
      throw Object.assign(new Error('This API call cannot be made with a publishable API key.'), { status: 401 });
    }
    return { kind, key };
  };

  const context: SimulatorContext = {
    get baseUrl() {
      return baseUrl;
    },
    keys,
    webhookSecret,
    apiVersion: '2026-10-28.endive',
    accountId: 'acct_fakecore',
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      get: (id) => events.get(id),
    },
    requestLog: {
      subscribe(listener) {
        logListeners.add(listener);
        return () => logListeners.delete(listener);
      },
    },
    now: () => Math.floor(Date.now() / 1000),
    signPayload(payload, secret = webhookSecret, timestamp = Math.floor(Date.now() / 1000)) {
      const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
      return `t=${timestamp},v1=${v1}`;
    },
    route(options) {
      app.route({
        method: options.method,
        url: options.url,
        handler: async (req, reply) => {
          let auth;
          try {
            auth = authenticate(req.headers, options.access);
          } catch (err) {
            return reply
              .code((err as { status: number }).status)
              .send({ error: { message: (err as Error).message, type: 'invalid_request_error' } });
          }
          const params = (options.method === 'GET' ? req.query : req.body) as Record<string, unknown>;
          const body = await options.handler({
            params: params ?? {},
            path: req.params as Record<string, string>,
            auth,
            requestId: `req_fake${++counter}`,
            idempotencyKey: null,
            raw: req,
          });
          return reply.code(200).send(body);
        },
      });
    },
    authenticate,
    onClose: (hook) => closeHooks.push(hook),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };

  app.addHook('onResponse', async (req, reply) => {
    if (!req.url.startsWith('/v1/')) return;
    const entry: RequestLogEntry = {
      id: `req_fake${++counter}`,
      created: Math.floor(Date.now() / 1000),
      method: req.method,
      path: req.url.split('?')[0]!,
      status: reply.statusCode,
      errorType: reply.statusCode >= 400 ? 'invalid_request_error' : null,
      idempotencyKey: null,
      durationMs: 1,
    };
    for (const listener of logListeners) listener(entry);
  });

  for (const plugin of plugins) await plugin(app, context);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    app,
    context,
    get baseUrl() {
      return baseUrl;
    },
    emit(event, delivery = {}) {
      events.set(event.id, event);
      const full: EventDelivery = { redelivery: false, forStripeCli: false, webhookEndpoint: null, ...delivery };
      for (const listener of listeners) listener(event, full);
    },
    makeEvent(type, object = {}) {
      const id = `evt_fake${++counter}${Math.random().toString(36).slice(2, 10)}`;
      return {
        id,
        object: 'event',
        api_version: '2026-10-28.endive',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: `obj_${counter}`, object: type.split('.')[0], ...object } },
        livemode: false,
        pending_webhooks: 1,
        request: { id: `req_fake${counter}`, idempotency_key: null },
        type,
      } as unknown as Stripe.Event;
    },
    async close() {
      for (const hook of closeHooks) await hook();
      await app.close();
    },
  };
}
