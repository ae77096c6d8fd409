/**
 * Slow and greedy clients of the browser preview, on a server with short time-outs and a small connection cap: a
 * request that never finishes is dropped within its time-out, a body over the limit is refused unread, connections
 * over the cap are refused, and the push stream (long-lived by design) outlives every time-out.
 */
import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cookieFrom, send } from '../support/http-request';
import { startPreview, type RunningPreview } from '../support/preview';

const LIMITS = { headersMs: 300, requestMs: 600, keepAliveMs: 200, bodyBytes: 2048, connections: 3 };
/**
 * Node checks the time-outs on an interval (a quarter of the header time-out here) and this machine may be busy: a
 * drop later than this is a time-out not enforced (without the limits, the client is never dropped at all).
 */
const SLACK_MS = 2_000;

/** A raw TCP client: what it was sent back, and when the server closed it. */
function rawClient(port: number) {
  const started = Date.now();
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolvePromise) =>
    socket.on('close', () => resolvePromise(Date.now() - started)),
  );
  const connected = new Promise<void>((resolvePromise) => socket.on('connect', () => resolvePromise()));
  return { socket, connected, closed, received: () => received };
}

/** An open push stream, as a page holds one; `ready` once the server has answered it. */
function openPush(origin: string, cookie: string) {
  let opened!: () => void;
  const ready = new Promise<void>((resolvePromise) => (opened = resolvePromise));
  const req = request(`${origin}/api/push`, { headers: { cookie } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (chunk.includes(': connected')) opened();
    });
  });
  req.on('error', () => {});
  req.end();
  return { ready, close: () => req.destroy() };
}

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

describe('browser preview limits', () => {
  let preview: RunningPreview;
  let origin: string;
  let port: number;
  let cookie: string;
  let host: string;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    preview = await startPreview({ limits: LIMITS });
    origin = preview.server.origin;
    port = Number(new URL(origin).port);
    host = `127.0.0.1:${port}`;
    cookie = cookieFrom(await send(preview.server.url));
  });
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  afterAll(() => preview.stop());

  it('drops a client that starts a request and then sends nothing, within the header time-out', async () => {
    const client = rawClient(port);
    cleanups.push(() => client.socket.destroy());
    await client.connected;
    client.socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n`);
    const after = await client.closed;
    expect(after).toBeLessThan(LIMITS.headersMs + SLACK_MS);
    expect(client.received()).not.toContain('200 OK');
  });

  it('drops a slowloris client sending its headers a byte at a time', async () => {
    const client = rawClient(port);
    cleanups.push(() => client.socket.destroy());
    await client.connected;
    const headers = `GET / HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`;
    let sent = 0;
    const dribble = setInterval(() => {
      if (sent < headers.length && !client.socket.destroyed) client.socket.write(headers[sent++]!);
    }, 10);
    cleanups.push(() => clearInterval(dribble));
    const after = await client.closed;
    expect(sent).toBeLessThan(headers.length); // dropped before it finished
    expect(after).toBeLessThan(LIMITS.headersMs + SLACK_MS);
    expect(client.received()).not.toContain('200 OK');
  });

  it('drops a client whose body never arrives, within the request time-out, without running the call', async () => {
    const signIn = vi.spyOn(preview.till.handlers, 'staff.signIn');
    cleanups.push(() => signIn.mockRestore());
    const client = rawClient(port);
    cleanups.push(() => client.socket.destroy());
    await client.connected;
    client.socket.write(
      `POST /api/call/staff.signIn HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"input":`,
    );
    const after = await client.closed;
    expect(after).toBeLessThan(LIMITS.requestMs + SLACK_MS);
    expect(signIn).not.toHaveBeenCalled();
  });

  it('refuses a body over the limit (413) without running the call', async () => {
    const importPreview = vi.spyOn(preview.till.handlers, 'catalog.importPreview');
    cleanups.push(() => importPreview.mockRestore());
    const response = await send(`${origin}/api/call/catalog.importPreview`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { csv: 'sku,name\n'.repeat(400) } }),
    });
    expect(response.status).toBe(413);
    expect(importPreview).not.toHaveBeenCalled();
  });

  it('keeps the push stream open past every time-out, on a connection that served a call first', async () => {
    // One connection for both, as a browser reuses it: the keep-alive time-out set after the call is in force when
    // the stream starts.
    const client = rawClient(port);
    cleanups.push(() => client.socket.destroy());
    await client.connected;
    client.socket.write(
      `POST /api/call/staff.current HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
    await vi.waitFor(() => expect(client.received()).toContain('"ok":true'), { timeout: 2_000 });
    client.socket.write(`GET /api/push HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n\r\n`);
    await vi.waitFor(() => expect(client.received()).toContain(': connected'), { timeout: 2_000 });

    // Longer than every time-out together, with the checking interval's lag.
    await sleep(LIMITS.headersMs + LIMITS.requestMs + LIMITS.keepAliveMs + 500);
    expect(client.socket.destroyed).toBe(false);
    preview.till.push.publish('orders.changed', { orderId: 'order-late' });
    await vi.waitFor(() => expect(client.received()).toContain('"orderId":"order-late"'), { timeout: 2_000 });
  });
});

// On a server of its own: the connections it holds and frees must not meet another test's.
describe('browser preview connection cap', () => {
  let preview: RunningPreview;
  let origin: string;
  let cookie: string;

  beforeAll(async () => {
    preview = await startPreview({ limits: LIMITS });
    origin = preview.server.origin;
    cookie = cookieFrom(await send(preview.server.url, { agent: new Agent({ keepAlive: false }) }));
  });
  afterAll(() => preview.stop());

  it('refuses connections over the cap, and takes them again once one closes', async () => {
    // Three push streams hold the three connections the cap allows, as three open pages would.
    const streams = [openPush(origin, cookie), openPush(origin, cookie), openPush(origin, cookie)];
    await Promise.all(streams.map((stream) => stream.ready));

    await expect(send(`${origin}/`, { headers: { cookie } })).rejects.toThrow(/socket hang up|ECONNRESET/);

    streams[0]!.close();
    await vi.waitFor(async () => expect((await send(`${origin}/`, { headers: { cookie } })).status).toBe(200), {
      timeout: 2_000,
    });
    streams.forEach((stream) => stream.close());
  });
});
