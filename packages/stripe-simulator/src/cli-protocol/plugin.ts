/**
 * The Stripe CLI protocol as a simulator plugin: what `stripe listen`, `stripe logs tail` and `stripe events resend`
 * need from Stripe (reference: /work/shared/reference/stripe-cli-protocol.md).
 *
 *   POST /v1/stripecli/sessions        secret/restricted key → a `stripecli_session`
 *   GET  /subscribe/:acct (websocket)  authenticated by the `Websocket-Id` header only
 *   GET  /_simulator/cli/sessions, GET /_simulator/cli/deliveries, POST /_simulator/cli/disconnect,
 *   POST /_simulator/cli/sessions/:id/expire   (inspection / test hooks, secret key)
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { SimulatorContext, SimulatorPlugin } from '../context';
import { parseLogFilters, randomToken } from './frames';
import { CliHub } from './hub';
import type { StripeCliProtocolOptions, StripeCliServer } from './types';

/** The subprotocol the CLI offers. */
export const CLI_SUBPROTOCOL = 'stripecli-devproxy-v1';
const SUBSCRIBE_PREFIX = '/subscribe/';
/** The close reason of a CLI that exits (stripe-cli `(*Client).Run`); it never redials after it. */
const CLI_QUIT_REASON = 'Connection Done';
/** Exactly what makes the CLI treat its session as expired and create a new one (ErrUnknownID). */
const UNKNOWN_ID_BODY = JSON.stringify({ error: { message: 'Unknown WebSocket ID.' } });

const servers = new WeakMap<SimulatorContext, StripeCliServer>();

/**
 * The protocol state of a running simulator (sessions, deliveries, server-side disconnects), for tests and tools.
 * Accepts the plugin context or the handle `startSimulator` returns. Throws if the plugin is not installed.
 */
export function stripeCliServer(target: SimulatorContext | { context: SimulatorContext }): StripeCliServer {
  const context = 'context' in target ? target.context : target;
  const server = servers.get(context);
  if (!server) throw new Error('The Stripe CLI protocol plugin is not installed on this simulator.');
  return server;
}

export function createStripeCliProtocol(options: StripeCliProtocolOptions = {}): SimulatorPlugin {
  return (app, sim) => {
    if (servers.has(sim)) {
      // startSimulator installs the default one; passing it again in `plugins` is harmless.
      sim.log.warn('The Stripe CLI protocol plugin is already installed; ignoring the second one.');
      return;
    }
    const latestVersion = options.latestVersion ?? sim.apiVersion;
    const reconnectDelay = options.reconnectDelaySeconds ?? 3600;
    const hub = new CliHub({
      sign: (payload) => sim.signPayload(payload),
      unixNow: () => sim.now(),
      latestVersion: (options.latestVersionCopies ?? true) ? latestVersion : null,
      idleSessionTtlMs: options.idleSessionTtlMs ?? 60_000,
      maxPendingPerSession: options.maxPendingPerSession ?? 1000,
      maxDeliveries: options.maxDeliveries ?? 5000,
    });
    const server: StripeCliServer = {
      sessions: () => hub.sessions(),
      deliveries: (filter) => hub.deliveries(filter),
      disconnect: (opts) => hub.disconnect(opts),
      expireSession: (id) => hub.expireSession(id),
    };
    servers.set(sim, server);

    sim.route({
      method: 'POST',
      url: '/v1/stripecli/sessions',
      access: 'secret',
      idempotent: false,
      handler: ({ params }) => {
        const features = stringList(params.websocket_features);
        const forwardUrls: Record<string, string> = {};
        for (const [key, value] of Object.entries(params)) {
          if (/^forward_.*_url$/.test(key) && typeof value === 'string' && value !== '') forwardUrls[key] = value;
        }
        const id = `cliws_${randomToken(24)}`;
        const authorizedFeature =
          features.includes('request_logs') && !features.includes('webhooks') ? 'request-logs' : 'webhook-payloads';
        hub.createSession({
          id,
          deviceName: typeof params.device_name === 'string' ? params.device_name : '',
          features: features.length > 0 ? features : ['webhooks'],
          authorizedFeature,
          forwardUrls,
          filters: parseLogFilters(params.filters),
        });
        return {
          object: 'stripecli_session',
          default_version: sim.apiVersion,
          latest_version: latestVersion,
          display_connect_filter_warning: false,
          reconnect_delay: reconnectDelay,
          secret: sim.webhookSecret,
          websocket_authorized_feature: authorizedFeature,
          websocket_id: id,
          // No query string: the CLI appends `?websocket_feature=…` by concatenation.
          websocket_url: `${sim.baseUrl.replace(/^http/, 'ws')}${SUBSCRIBE_PREFIX}${sim.accountId}`,
          device_token: `devtok_${randomToken(24)}`,
        };
      },
    });

    sim.route({
      method: 'GET',
      url: '/_simulator/cli/sessions',
      access: 'secret',
      handler: () => ({ object: 'list', data: hub.sessions() }),
    });
    sim.route({
      method: 'GET',
      url: '/_simulator/cli/deliveries',
      access: 'secret',
      handler: ({ params }) => ({
        object: 'list',
        data: hub.deliveries({
          eventId: typeof params.event === 'string' ? params.event : undefined,
          sessionId: typeof params.session === 'string' ? params.session : undefined,
        }),
      }),
    });
    sim.route({
      method: 'POST',
      url: '/_simulator/cli/disconnect',
      access: 'secret',
      idempotent: false,
      handler: ({ params }) => ({
        closed: hub.disconnect({
          sessionId: typeof params.session === 'string' ? params.session : undefined,
          code: Number.isInteger(Number(params.code)) && params.code !== undefined ? Number(params.code) : undefined,
        }),
      }),
    });
    sim.route({
      method: 'POST',
      url: '/_simulator/cli/sessions/:id/expire',
      access: 'secret',
      idempotent: false,
      handler: ({ path }) => ({ expired: hub.expireSession(path.id ?? '') }),
    });

    const wss = new WebSocketServer({
      noServer: true,
      // The ws default (auto-pong) answers the CLI's ping every 2 s; without pongs it drops the link every ~11 s.
      autoPong: true,
      handleProtocols: (protocols) => (protocols.has(CLI_SUBPROTOCOL) ? CLI_SUBPROTOCOL : false),
    });
    const live = new Set<WebSocket>();

    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (!path.startsWith(SUBSCRIBE_PREFIX)) {
        // Someone else's websocket path; if nobody else listens, do not leave the client hanging.
        if (app.server.listenerCount('upgrade') <= 1)
          refuse(socket, 404, JSON.stringify({ error: { message: 'Not found.' } }));
        return;
      }
      if (hub.isClosed) {
        refuse(socket, 503, JSON.stringify({ error: { message: 'The simulator is shutting down.' } }));
        return;
      }
      const id = firstHeader(req.headers['websocket-id']);
      if (!id || !hub.hasSession(id)) {
        refuse(socket, 400, UNKNOWN_ID_BODY);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        live.add(ws);
        ws.on('message', (data, isBinary) => {
          if (!isBinary) hub.receive(id, rawText(data));
        });
        ws.on('error', (err) => sim.log.warn(`stripe cli websocket ${id}: ${err.message}`));
        ws.on('close', (code, reason) => {
          live.delete(ws);
          // A quitting CLI (Ctrl+C / SIGTERM) may close with 1000 "Connection Done" (or 1000 and no reason when its
          // write pump gets there first), but it often exits before writing anything (1006): such sessions go with
          // the idle TTL instead. Its periodic reset says 1000 "Resetting the connection", and it redials.
          const text = reason.toString();
          hub.detach(id, ws, code === 1000 && (text === CLI_QUIT_REASON || text === ''));
        });
        if (!hub.attach(id, ws)) ws.close(1001, 'Session expired');
      });
    };
    app.server.on('upgrade', onUpgrade);

    const unsubscribeEvents = sim.events.subscribe((event, delivery) => {
      // A retry aimed at a webhook endpoint (`--webhook-endpoint we_…`) is not for listen sessions.
      if (delivery.redelivery && !delivery.forStripeCli) return;
      hub.publishEvent(event, { redelivery: delivery.redelivery });
    });
    // Stripe's request logs cover the API only (not the simulator's pages or /_simulator routes).
    const unsubscribeLogs = sim.requestLog.subscribe((entry) => {
      if (entry.path.startsWith('/v1/')) hub.publishRequestLog(entry);
    });

    sim.onClose(async () => {
      unsubscribeEvents();
      unsubscribeLogs();
      hub.shutdown();
      // Let the close handshakes finish, then cut what is left.
      await Promise.all(
        [...live].map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) return resolve();
              const timer = setTimeout(() => {
                ws.terminate();
                resolve();
              }, 500);
              ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
            }),
        ),
      );
      app.server.off('upgrade', onUpgrade);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    });
  };
}

/** The plugin with default options; `startSimulator` installs it. */
export const stripeCliProtocol: SimulatorPlugin = createStripeCliProtocol();

function refuse(socket: Duplex, status: number, body: string): void {
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
    () => socket.destroy(),
  );
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (value && typeof value === 'object') return stringList(Object.values(value));
  return [];
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
