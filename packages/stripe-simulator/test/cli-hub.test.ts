/** Unit tests of the Stripe CLI protocol state (sessions, pending messages, acks) and its message formats. */
import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../src/context';
import { matchesLogFilters, parseIncoming, parseLogFilters } from '../src/cli-protocol/frames';
import { CliHub, type HubSocket } from '../src/cli-protocol/hub';

class FakeSocket implements HubSocket {
  readyState = 1;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
}

function makeHub(overrides: Partial<ConstructorParameters<typeof CliHub>[0]> = {}) {
  let now = 1_000_000;
  let signatures = 0;
  const hub = new CliHub({
    sign: (payload) => `t=${++signatures},v1=${payload.length}`,
    unixNow: () => 1_795_318_786,
    clock: () => now,
    latestVersion: null,
    idleSessionTtlMs: 60_000,
    maxPendingPerSession: 3,
    maxDeliveries: 100,
    connectGraceMs: 5_000,
    ...overrides,
  });
  const session = (id: string, features = ['webhooks']) =>
    hub.createSession({
      id,
      deviceName: id,
      features,
      authorizedFeature: 'webhook-payloads',
      forwardUrls: {},
      filters: null,
    });
  return { hub, session, advance: (ms: number) => (now += ms) };
}

const event = (n: number) => ({ id: `evt_${n}`, object: 'event', type: 'customer.created' });
const ack = (webhookId: unknown) => JSON.stringify({ type: 'event_ack', webhook_id: webhookId, event_id: 'x' }) + '\n';

describe('CliHub', () => {
  it('sends webhook_event frames to open sockets and tracks acks and responses', () => {
    const { hub, session } = makeHub();
    session('s1');
    const socket = new FakeSocket();
    expect(hub.attach('s1', socket)).toBe(true);
    hub.publishEvent(event(1), { redelivery: false });
    const frame = socket.sent[0]!;
    expect(frame).toMatchObject({
      type: 'webhook_event',
      endpoint: { url: 'stripecli', api_version: null },
      event_payload: JSON.stringify(event(1), null, 2),
    });
    expect(frame.webhook_id).toMatch(/^1795318786-wh_[a-z0-9]{24}$/);
    expect((frame.http_headers as Record<string, string>)['Stripe-Signature']).toBe('t=1,v1=70');

    hub.receive('s1', ack(frame.webhook_id));
    hub.receive(
      's1',
      JSON.stringify({
        type: 'webhook_response',
        webhook_id: frame.webhook_id,
        webhook_conversation_id: frame.webhook_conversation_id,
        forward_url: 'http://localhost:4242/webhook',
        status: 500,
        body: 'nope',
        notification_id: 'evt_1',
      }),
    );
    const [delivery] = hub.deliveries({ eventId: 'evt_1' });
    expect(delivery).toMatchObject({ sessionId: 's1', sends: 1, ackedAt: 1_000_000 });
    expect(delivery!.responses).toEqual([
      { forwardUrl: 'http://localhost:4242/webhook', status: 500, body: 'nope', receivedAt: 1_000_000 },
    ]);
    expect(hub.sessions()[0]).toMatchObject({ pending: 0, connections: 1, connectCount: 1 });
  });

  it('keeps unacked messages and resends them (re-signed) on the next connection with the same id', () => {
    const { hub, session } = makeHub();
    session('s1');
    const first = new FakeSocket();
    hub.attach('s1', first);
    hub.publishEvent(event(1), { redelivery: false }); // sent, never acked
    first.readyState = 2; // the CLI's reset: closing
    hub.publishEvent(event(2), { redelivery: false }); // not written to a closing socket
    expect(first.sent).toHaveLength(1);
    hub.detach('s1', first);
    expect(hub.sessions()[0]!.pending).toBe(2);

    const second = new FakeSocket();
    hub.attach('s1', second);
    expect(second.sent.map((f) => JSON.parse(f.event_payload as string).id)).toEqual(['evt_1', 'evt_2']);
    expect(second.sent[0]!.webhook_id).toBe(first.sent[0]!.webhook_id);
    expect((second.sent[0]!.http_headers as Record<string, string>)['Stripe-Signature']).toBe('t=2,v1=70');
    for (const frame of second.sent) hub.receive('s1', ack(frame.webhook_id));
    expect(hub.sessions()[0]!.pending).toBe(0);
    expect(hub.deliveries().map((d) => d.sends)).toEqual([2, 1]);
  });

  it('caps pending messages per session, oldest dropped', () => {
    const { hub, session } = makeHub();
    session('s1');
    for (let i = 1; i <= 5; i++) hub.publishEvent(event(i), { redelivery: false });
    const socket = new FakeSocket();
    hub.attach('s1', socket);
    expect(socket.sent.map((f) => JSON.parse(f.event_payload as string).id)).toEqual(['evt_3', 'evt_4', 'evt_5']);
  });

  it('does not queue for a session that never connected after the grace period, and forgets idle sessions', () => {
    const { hub, session, advance } = makeHub();
    session('print-secret');
    advance(6_000);
    hub.publishEvent(event(1), { redelivery: false });
    expect(hub.deliveries()).toEqual([]);
    expect(hub.hasSession('print-secret')).toBe(true);
    advance(60_000);
    expect(hub.hasSession('print-secret')).toBe(false);
    expect(hub.attach('print-secret', new FakeSocket())).toBe(false);
  });

  it('forgets a session whose CLI quit, and sends a --latest copy when configured', () => {
    const { hub, session } = makeHub({ latestVersion: '2026-10-28.endive' });
    session('s1');
    const socket = new FakeSocket();
    hub.attach('s1', socket);
    hub.publishEvent(event(1), { redelivery: true });
    expect(socket.sent.map((f) => (f.endpoint as { api_version: unknown }).api_version)).toEqual([
      null,
      '2026-10-28.endive',
    ]);
    expect(hub.deliveries().map((d) => d.redelivery)).toEqual([true, true]);
    hub.detach('s1', socket, true);
    expect(hub.hasSession('s1')).toBe(false);
  });

  it('routes events only to webhook sessions and request logs only to matching logs-tail sessions', () => {
    const { hub, session } = makeHub();
    session('hooks');
    session('logs', ['request_logs']);
    const hooks = new FakeSocket();
    const logs = new FakeSocket();
    hub.attach('hooks', hooks);
    hub.attach('logs', logs);
    const entry: RequestLogEntry = {
      id: 'req_1',
      created: 1,
      method: 'POST',
      path: '/v1/payment_intents',
      status: 402,
      errorType: 'card_error',
      idempotencyKey: null,
      durationMs: 3,
    };
    hub.publishEvent(event(1), { redelivery: false });
    hub.publishRequestLog(entry);
    expect(hooks.sent.map((f) => f.type)).toEqual(['webhook_event']);
    expect(logs.sent.map((f) => f.type)).toEqual(['request_log_event']);
    expect(JSON.parse(logs.sent[0]!.event_payload as string)).toEqual({
      created_at: 1,
      livemode: false,
      method: 'POST',
      request_id: 'req_1',
      status: 402,
      url: '/v1/payment_intents',
      error: { type: 'card_error' },
    });
    // request-log acks carry an empty webhook_id and are ignored
    hub.receive('logs', JSON.stringify({ type: 'event_ack', webhook_id: '', event_id: 'resp_x' }));
  });

  it('disconnects, expires and shuts down', () => {
    const { hub, session } = makeHub();
    session('a');
    session('b');
    const a = new FakeSocket();
    const b = new FakeSocket();
    hub.attach('a', a);
    hub.attach('b', b);
    expect(hub.disconnect({ sessionId: 'a' })).toBe(1);
    expect(a.closedWith).toEqual([1001, 'Going away']);
    expect(hub.expireSession('b')).toBe(true);
    expect(b.closedWith).toEqual([1001, 'Session expired']);
    expect(hub.hasSession('b')).toBe(false);
    const c = new FakeSocket();
    hub.attach('a', c);
    expect(hub.shutdown()).toContain(c);
    expect(c.closedWith?.[0]).toBe(1001);
    expect(hub.hasSession('a')).toBe(false);
  });
});

describe('CLI frames', () => {
  it('parses acks and webhook responses, ignores the rest', () => {
    expect(
      parseIncoming('{"type":"event_ack","webhook_conversation_id":"c","event_id":"evt_1","webhook_id":"w"}\n'),
    ).toEqual({ type: 'event_ack', webhookId: 'w', conversationId: 'c', eventId: 'evt_1' });
    expect(parseIncoming('{"type":"v2_event"}')).toBeNull();
    expect(parseIncoming('not json')).toBeNull();
    expect(parseIncoming('null')).toBeNull();
  });

  it('applies logs tail filters', () => {
    const entry: RequestLogEntry = {
      id: 'req_1',
      created: 1,
      method: 'GET',
      path: '/v1/customers/cus_1',
      status: 404,
      errorType: 'invalid_request_error',
      idempotencyKey: null,
      durationMs: 1,
    };
    expect(parseLogFilters('{"filter_http_method":["POST"],"junk":3}')).toEqual({ filter_http_method: ['POST'] });
    expect(parseLogFilters('nope')).toBeNull();
    expect(matchesLogFilters(entry, null)).toBe(true);
    expect(matchesLogFilters(entry, { filter_http_method: ['POST'] })).toBe(false);
    expect(matchesLogFilters(entry, { filter_http_method: ['get'] })).toBe(true);
    expect(matchesLogFilters(entry, { filter_request_path: ['/v1/customers'] })).toBe(true);
    expect(matchesLogFilters(entry, { filter_request_path: ['/v1/cust'] })).toBe(false);
    expect(matchesLogFilters(entry, { filter_status_code: ['404'] })).toBe(true);
    expect(matchesLogFilters(entry, { filter_status_code_type: ['2XX'] })).toBe(false);
    expect(matchesLogFilters(entry, { filter_status_code_type: ['4XX'] })).toBe(true);
    expect(matchesLogFilters(entry, { filter_request_status: ['FAILED'] })).toBe(true);
    expect(matchesLogFilters(entry, { filter_request_status: ['SUCCEEDED'] })).toBe(false);
  });
});
