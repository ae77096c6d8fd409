/**
 * The Stripe CLI protocol plugin with the real `stripe` binary (1.52.0), on a stand-in core (support-cli-fake-core)
 * so that events can be emitted directly and the protocol edge cases driven deterministically.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createStripeCliProtocol, stripeCliServer, type StripeCliServer } from '../src/cli-protocol';
import type { SimulatorPlugin } from '../src/context';
import { startFakeCore, type FakeCore } from './support-cli-fake-core';
import { eventually, hasStripeBinary, READY, StripeCli, WebhookReceiver } from './support-cli';

/** A /v1 route so that `stripe logs tail` has something to show. */
const customersRoute: SimulatorPlugin = (_app, sim) => {
  sim.route({
    method: 'POST',
    url: '/v1/customers',
    access: 'secret',
    handler: () => ({ id: 'cus_fake', object: 'customer' }),
  });
};

describe.skipIf(!hasStripeBinary)('Stripe CLI protocol plugin (real CLI, stand-in core)', () => {
  let core: FakeCore;
  let server: StripeCliServer;
  let cli: StripeCli;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    core = await startFakeCore([createStripeCliProtocol(), customersRoute]);
    server = stripeCliServer(core.context);
    cli = new StripeCli(() => ({ baseUrl: core.baseUrl, secretKey: core.context.keys.secret }));
  });
  afterEach(async () => {
    await cli.killAll();
    await receiver?.stop();
  });
  afterAll(async () => {
    await cli?.cleanup();
    await core?.close();
  });

  const sessionOf = (deviceName: string) => {
    const session = server.sessions().find((s) => s.deviceName === deviceName);
    if (!session) throw new Error(`no session for ${deviceName}`);
    return session;
  };

  it('answers POST /v1/stripecli/sessions like Stripe, and refuses publishable keys', async () => {
    const post = (key: string) =>
      fetch(`${core.baseUrl}/v1/stripecli/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'device_name=raw&forward_to_url=localhost%3A4242%2Fwebhook&websocket_features%5B%5D=webhooks',
      });
    const ok = await post(core.context.keys.secret);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: 'stripecli_session',
      websocket_url: `${core.baseUrl.replace('http://', 'ws://')}/subscribe/acct_fakecore`,
      websocket_authorized_feature: 'webhook-payloads',
      secret: core.context.webhookSecret,
      reconnect_delay: 3600,
      default_version: core.context.apiVersion,
      latest_version: core.context.apiVersion,
      display_connect_filter_warning: false,
    });
    expect(body.websocket_id).toMatch(/^cliws_[a-z0-9]{24}$/);
    expect(body.device_token).toMatch(/^devtok_/);
    expect(String(body.websocket_url)).not.toContain('?');
    expect(sessionOf('raw')).toMatchObject({
      features: ['webhooks'],
      forwardUrls: { forward_to_url: 'localhost:4242/webhook' },
      connections: 0,
    });

    expect((await post(core.context.keys.restricted)).status).toBe(200);
    expect((await post(core.context.keys.publishable)).status).toBe(401);
  });

  it('refuses a websocket with an unknown Websocket-Id with 400 "Unknown WebSocket ID."', async () => {
    const outcome = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(
        `${core.baseUrl.replace('http', 'ws')}/subscribe/acct_fakecore`,
        'stripecli-devproxy-v1',
        {
          headers: { 'Websocket-Id': 'cliws_nope' },
        },
      );
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('open', () => reject(new Error('the websocket opened')));
      ws.on('error', () => undefined);
    });
    expect(outcome).toEqual({ status: 400, body: '{"error":{"message":"Unknown WebSocket ID."}}' });
  });

  it('accepts a known Websocket-Id, selects the CLI subprotocol and answers pings', async () => {
    const res = await fetch(`${core.baseUrl}/v1/stripecli/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${core.context.keys.secret}` },
      body: new URLSearchParams({ device_name: 'raw-ws', 'websocket_features[]': 'webhooks' }),
    });
    const session = (await res.json()) as { websocket_url: string; websocket_id: string };
    const ws = new WebSocket(`${session.websocket_url}?websocket_feature=webhook-payloads`, 'stripecli-devproxy-v1', {
      headers: { 'Websocket-Id': session.websocket_id },
    });
    try {
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      expect(ws.protocol).toBe('stripecli-devproxy-v1');
      const pong = new Promise((resolve) => ws.once('pong', resolve));
      ws.ping();
      await pong;
      const frame = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
      const event = core.makeEvent('customer.created');
      core.emit(event);
      const message = JSON.parse(await frame) as Record<string, unknown>;
      expect(message).toMatchObject({
        type: 'webhook_event',
        endpoint: { url: 'stripecli', api_version: null },
        http_headers: {
          Accept: '*/*; q=0.5, application/xml',
          'Cache-Control': 'no-cache',
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
      });
      expect(typeof message.event_payload).toBe('string');
      expect(JSON.parse(message.event_payload as string)).toEqual(event);
      expect(message.webhook_id).toMatch(/^\d+-wh_/);
      expect(message.webhook_conversation_id).toMatch(/^\d+-wc_/);
    } finally {
      ws.terminate();
    }
  });

  it('`stripe listen --print-secret` prints the signing secret', async () => {
    const result = await cli.run(['listen', '--print-secret']);
    expect(result.code, result.describe()).toBe(0);
    expect(result.stdout).toBe(core.context.webhookSecret);
  });

  it('`stripe listen` forwards signed events, acks them and reports responses', async () => {
    receiver = await new WebhookReceiver().start();
    const listen = await cli.listen(['--device-name', 'forward', '--forward-to', receiver.url, '--all-snapshot']);
    expect(listen.secret).toBe(core.context.webhookSecret);
    expect(listen.apiVersion).toBe(core.context.apiVersion);
    receiver.secret = listen.secret;
    const session = sessionOf('forward');
    expect(session).toMatchObject({ features: ['webhooks'], connections: 1 });

    const sent = [core.makeEvent('customer.created'), core.makeEvent('payment_intent.succeeded')];
    for (const event of sent) core.emit(event);

    await eventually(() => expect(receiver.received).toHaveLength(2));
    expect(receiver.failures()).toEqual([]);
    expect(
      receiver
        .events()
        .map((e) => e.id)
        .sort(),
    ).toEqual(sent.map((e) => e.id).sort());
    for (const r of receiver.received) {
      expect(r.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }

    await eventually(() => {
      const deliveries = server.deliveries({ sessionId: session.id });
      // Each event goes out twice (default + --latest copy); both are acked, only the default one is forwarded.
      expect(deliveries).toHaveLength(4);
      for (const d of deliveries) expect(d.ackedAt).not.toBeNull();
      const forwarded = deliveries.filter((d) => d.apiVersion === null);
      for (const d of forwarded)
        expect(d.responses.map((r) => [r.forwardUrl, r.status])).toEqual([[receiver.url, 200]]);
      for (const d of deliveries.filter((d) => d.apiVersion !== null)) expect(d.responses).toEqual([]);
    });
    await eventually(() => expect(listen.proc.stdout).toContain(`<--  [200] POST ${receiver.url} [${sent[1]!.id}]`));
    expect(listen.proc.stdout).toContain(`--> payment_intent.succeeded [${sent[1]!.id}]`);

    // SIGTERM: the CLI exits 0 and its websocket goes away.
    const exit = await listen.proc.stop();
    expect(exit.code).toBe(0);
    await eventually(() => expect(server.sessions().find((s) => s.id === session.id)?.connections ?? 0).toBe(0));
    expect(server.deliveries({ sessionId: session.id })).toHaveLength(4);
  });

  it('`stripe listen --latest` forwards the latest-version copy', async () => {
    receiver = await new WebhookReceiver().start();
    const listen = await cli.listen([
      '--device-name',
      'latest',
      '--latest',
      '--forward-to',
      receiver.url,
      '--all-snapshot',
    ]);
    receiver.secret = listen.secret;
    const event = core.makeEvent('customer.created');
    core.emit(event);
    await eventually(() => expect(receiver.events()).toHaveLength(1));
    const session = sessionOf('latest');
    await eventually(() => {
      const [deflt] = server.deliveries({ sessionId: session.id, apiVersion: null });
      const [latest] = server.deliveries({ sessionId: session.id, apiVersion: core.context.apiVersion });
      expect(deflt?.responses).toEqual([]);
      expect(deflt?.ackedAt).not.toBeNull();
      expect(latest?.responses.map((r) => r.status)).toEqual([200]);
    });
  });

  it('`--events` filters on the CLI side (everything is still acked)', async () => {
    receiver = await new WebhookReceiver().start();
    const listen = await cli.listen([
      '--device-name',
      'filtered',
      '--forward-to',
      receiver.url,
      '--events',
      'charge.succeeded',
    ]);
    receiver.secret = listen.secret;
    const events = [core.makeEvent('customer.created'), core.makeEvent('charge.succeeded')];
    for (const e of events) core.emit(e);
    const session = sessionOf('filtered');
    await eventually(() => {
      const deliveries = server.deliveries({ sessionId: session.id, apiVersion: null });
      expect(deliveries.map((d) => d.ackedAt !== null)).toEqual([true, true]);
      expect(deliveries.map((d) => d.responses.length)).toEqual([0, 1]);
    });
    expect(receiver.events().map((e) => e.type)).toEqual(['charge.succeeded']);
  });

  it('survives a server-side close: the CLI redials with the same id and gets what was not acked', async () => {
    receiver = await new WebhookReceiver().start();
    const listen = await cli.listen(['--device-name', 'redial', '--forward-to', receiver.url, '--all-snapshot']);
    receiver.secret = listen.secret;
    const session = sessionOf('redial');

    expect(server.disconnect({ sessionId: session.id, code: 1001 })).toBe(1);
    // Emitted while the socket is closing: not written, kept pending, resent on the redial.
    const during = core.makeEvent('customer.created');
    core.emit(during);
    expect(server.deliveries({ eventId: during.id, sessionId: session.id })[0]).toMatchObject({
      sends: 0,
      ackedAt: null,
    });

    await eventually(() => expect(sessionOf('redial')).toMatchObject({ connectCount: 2, connections: 1 }), {
      timeout: 5000,
    });
    const after = core.makeEvent('customer.updated');
    core.emit(after);
    await eventually(
      () =>
        expect(
          receiver
            .events()
            .map((e) => e.id)
            .sort(),
        ).toEqual([during.id, after.id].sort()),
      {
        timeout: 5000,
      },
    );
    expect(receiver.failures()).toEqual([]);
    await eventually(() => {
      const d = server.deliveries({ eventId: during.id, sessionId: session.id, apiVersion: null })[0]!;
      expect(d.sends).toBe(1);
      expect(d.ackedAt).not.toBeNull();
      expect(sessionOf('redial').pending).toBe(0);
    });
    // The CLI never noticed anything beyond a reconnect: still one Ready line, same session.
    expect(listen.proc.stderrLines.filter((l) => l.includes('Ready!'))).toHaveLength(1);
    expect(server.sessions().filter((s) => s.deviceName === 'redial')).toHaveLength(1);
  });

  it('re-delivers `stripe events resend` (redelivery for the CLI) and ignores endpoint-only retries', async () => {
    receiver = await new WebhookReceiver().start();
    const listen = await cli.listen(['--device-name', 'resend', '--forward-to', receiver.url, '--all-snapshot']);
    receiver.secret = listen.secret;
    const event = core.makeEvent('charge.refunded');
    core.emit(event);
    core.emit(event, { redelivery: true, forStripeCli: false, webhookEndpoint: 'we_123' });
    core.emit(event, { redelivery: true, forStripeCli: true });
    await eventually(() => expect(receiver.events('charge.refunded', undefined)).toHaveLength(2));
    const session = sessionOf('resend');
    const deliveries = server.deliveries({ sessionId: session.id, apiVersion: null });
    expect(deliveries.map((d) => d.redelivery)).toEqual([false, true]);
  });

  it('`stripe logs tail` gets request_log_event messages', async () => {
    const tail = cli.spawn(['logs', 'tail']);
    await tail.waitForLine('stderr', /Ready! You're now waiting to receive API request logs/);
    const res = await fetch(`${core.baseUrl}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${core.context.keys.secret}` },
    });
    expect(res.status).toBe(200);
    await tail.waitForLine('stdout', /\[200\] POST \/v1\/customers \[req_fake\d+\]/);
  });

  it('expired session: the CLI hears "Unknown WebSocket ID.", creates a new session and keeps forwarding', async () => {
    receiver = await new WebhookReceiver().start();
    const listen = await cli.listen(['--device-name', 'expire', '--forward-to', receiver.url, '--all-snapshot']);
    receiver.secret = listen.secret;
    const first = sessionOf('expire');
    expect(server.expireSession(first.id)).toBe(true);
    // The CLI waits 10 s (ConnectAttemptWait) before re-authorising.
    await listen.proc.waitForLine('stderr', /Session expired, reconnecting\.\.\./, { timeoutMs: 15_000 });
    const ready = await listen.proc.waitForLine('stderr', READY, { from: 2, timeoutMs: 5000 });
    expect(ready.match[2]).toBe(core.context.webhookSecret);
    const second = sessionOf('expire');
    expect(second.id).not.toBe(first.id);
    const event = core.makeEvent('customer.created');
    core.emit(event);
    await eventually(() => expect(receiver.events().map((e) => e.id)).toEqual([event.id]));
  }, 30_000);

  it('closes websockets when the simulator closes', async () => {
    const other = await startFakeCore([createStripeCliProtocol()]);
    const otherCli = new StripeCli(() => ({ baseUrl: other.baseUrl, secretKey: other.context.keys.secret }));
    try {
      await otherCli.listen(['--device-name', 'shutdown']);
      expect(stripeCliServer(other.context).sessions()[0]?.connections).toBe(1);
      const started = Date.now();
      await other.close();
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await otherCli.cleanup();
    }
  });
});
