/**
 * A loopback HTTP proxy between Till and the simulator that models the network: it can hold each request before
 * passing it on (`forwardDelayMs`: Till has sent it, Stripe has not seen it), hold each answer before handing it back
 * (`replyDelayMs`: Stripe has committed, Till has not heard), and give up on requests Stripe does not answer
 * (`deadlineMs`: what a client timeout does — the socket is closed and the client sees a connection error).
 *
 * The crash worker runs it inside the process that is killed, so a kill drops whatever it holds; the fault run uses
 * the deadline because core's Stripe client waits 20 s for a hung request and offers no way to shorten it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayProxyOptions {
  /** e.g. http://127.0.0.1:41234 */
  target: string;
  forwardDelayMs?: number;
  replyDelayMs?: number;
  /** Close the client's connection when Stripe has not answered after this long (a client-side timeout). */
  deadlineMs?: number;
}

export interface DelayProxyStats {
  requests: number;
  answered: number;
  /** Stripe closed the connection without an answer; the client's connection was closed too. */
  dropped: number;
  /** Stripe did not answer before the deadline. */
  timedOut: number;
}

export interface DelayProxy {
  url: string;
  stats: DelayProxyStats;
  /** Changes the delays for requests from now on. */
  setDelays(delays: { forwardDelayMs?: number; replyDelayMs?: number }): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection']);
const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const target = new URL(options.target);
  let forwardDelayMs = options.forwardDelayMs ?? 0;
  let replyDelayMs = options.replyDelayMs ?? 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const stats: DelayProxyStats = { requests: 0, answered: 0, dropped: 0, timedOut: 0 };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void forward(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 65_000;

  async function forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    stats.requests++;
    await sleep(forwardDelayMs);
    if (req.socket.destroyed) return;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers.host = target.host;
    headers['content-length'] = String(body.length);
    let settled = false;
    const giveUp = (why: 'dropped' | 'timedOut') => {
      if (settled) return;
      settled = true;
      stats[why]++;
      upstream.destroy();
      req.socket.destroy();
    };
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('error', () => giveUp('dropped'));
        answer.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          const payload = Buffer.concat(parts);
          void sleep(replyDelayMs).then(() => {
            if (req.socket.destroyed) return;
            const out: http.OutgoingHttpHeaders = {};
            for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
            out['content-length'] = String(payload.length);
            stats.answered++;
            res.writeHead(answer.statusCode ?? 502, out).end(payload);
          });
        });
      },
    );
    upstream.on('error', () => giveUp('dropped'));
    const deadline = options.deadlineMs ? setTimeout(() => giveUp('timedOut'), options.deadlineMs) : undefined;
    upstream.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setDelays(delays) {
      forwardDelayMs = delays.forwardDelayMs ?? forwardDelayMs;
      replyDelayMs = delays.replyDelayMs ?? replyDelayMs;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
