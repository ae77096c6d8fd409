/**
 * The state of the Stripe CLI protocol, without HTTP or websocket plumbing (so it can be unit-tested): sessions, the
 * sockets attached to them, unacknowledged messages and the delivery log.
 *
 * Delivery rules (stripe-cli-protocol.md §2.4): a message is only written to a socket whose state is OPEN; it stays
 * "pending" until the CLI acknowledges it (`event_ack`), and everything pending is resent (re-signed) on the next
 * connection with the same Websocket-Id. That covers the CLI's proactive reset, whose ~1 s closing window swallows
 * messages, and server-side closes.
 */
import type { RequestLogEntry } from '../context';
import { matchesLogFilters, parseIncoming, requestLogFrame, webhookEventFrame, webhookIds } from './frames';
import type { CliDelivery, CliSessionInfo } from './types';

/** The part of a `ws` WebSocket the hub uses. */
export interface HubSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

const OPEN = 1;

export interface HubOptions {
  /** Signs a payload for the `Stripe-Signature` header (`t=…,v1=…`); called at every (re)send. */
  sign(payload: string): string;
  /** Unix seconds used in webhook ids (the simulator's clock). */
  unixNow(): number;
  /** Wall-clock milliseconds (for idle expiry and the timestamps in records). */
  clock?: () => number;
  /** Version string for the `--latest` copy of each event, or null to send only the default copy. */
  latestVersion: string | null;
  idleSessionTtlMs: number;
  maxPendingPerSession: number;
  maxDeliveries: number;
  /** A session that never connected only gets messages queued for this long after its creation. Default 30 s. */
  connectGraceMs?: number;
}

/** What a new session is made from: everything the CLI asked for, before the hub stamps it. */
export type NewSessionInput = Omit<CliSessionInfo, 'createdAt' | 'connections' | 'connectCount' | 'pending'>;

interface PendingMessage {
  record: CliDelivery;
  payload: string;
}

interface Session extends NewSessionInput {
  createdAt: number;
  /** Wall-clock ms of the last open/close of a socket (or creation). */
  lastActivity: number;
  connectCount: number;
  sockets: Set<HubSocket>;
  /** Unacknowledged webhook messages by webhook_id, in the order they were queued. */
  pending: Map<string, PendingMessage>;
}

/** Minimal shape of an event for publishing. */
export interface PublishableEvent {
  id: string;
  type: string;
}

export class CliHub {
  private readonly sessionsById = new Map<string, Session>();
  private readonly records = new Map<string, CliDelivery>();
  private readonly clock: () => number;
  private readonly connectGraceMs: number;
  private closed = false;

  constructor(private readonly options: HubOptions) {
    this.clock = options.clock ?? Date.now;
    this.connectGraceMs = options.connectGraceMs ?? 30_000;
  }

  createSession(input: NewSessionInput): void {
    this.prune();
    const now = this.clock();
    this.sessionsById.set(input.id, {
      ...input,
      createdAt: now,
      lastActivity: now,
      connectCount: 0,
      sockets: new Set(),
      pending: new Map(),
    });
  }

  /** Whether a websocket with this id may connect. */
  hasSession(id: string): boolean {
    this.prune();
    return !this.closed && this.sessionsById.has(id);
  }

  /** Attaches an open socket to its session and resends what is pending. False if the session is unknown. */
  attach(sessionId: string, socket: HubSocket): boolean {
    const session = this.closed ? undefined : this.sessionsById.get(sessionId);
    if (!session) return false;
    session.sockets.add(socket);
    session.connectCount += 1;
    session.lastActivity = this.clock();
    for (const message of session.pending.values()) this.write(socket, message);
    return true;
  }

  /**
   * Detaches a closed socket. `final` (the CLI quit: close 1000 "Connection Done") forgets the session, since that
   * CLI will not dial again; any other close keeps it (and its pending messages) for the redial.
   */
  detach(sessionId: string, socket: HubSocket, final = false): void {
    const session = this.sessionsById.get(sessionId);
    if (!session || !session.sockets.delete(socket)) return;
    session.lastActivity = this.clock();
    if (final && session.sockets.size === 0) this.sessionsById.delete(sessionId);
  }

  /** Handles a text frame from the CLI. */
  receive(sessionId: string, text: string): void {
    const message = parseIncoming(text);
    if (!message || !message.webhookId) return; // request-log acks carry an empty webhook_id
    const record = this.records.get(message.webhookId);
    if (message.type === 'event_ack') {
      this.sessionsById.get(sessionId)?.pending.delete(message.webhookId);
      if (record && record.ackedAt === null) record.ackedAt = this.clock();
      return;
    }
    if (record) {
      record.responses.push({
        forwardUrl: message.forwardUrl,
        status: message.status,
        body: message.body,
        receivedAt: this.clock(),
      });
    }
  }

  /**
   * Sends an event to every session subscribed to `webhooks`: a default copy (`api_version: null`) and, when
   * configured, a `--latest` copy. Sessions without an open socket get it queued (see the class comment).
   */
  publishEvent(event: PublishableEvent, opts: { redelivery: boolean }): void {
    if (this.closed) return;
    this.prune();
    // Most payments happen with no `stripe listen` attached: don't pay for serialising the event then.
    if (this.sessionsById.size === 0) return;
    const payload = JSON.stringify(event, null, 2);
    const versions: (string | null)[] = this.options.latestVersion ? [null, this.options.latestVersion] : [null];
    const now = this.clock();
    for (const session of this.sessionsById.values()) {
      if (!session.features.includes('webhooks')) continue;
      const open = [...session.sockets].filter((s) => s.readyState === OPEN);
      const neverConnected = session.connectCount === 0;
      if (open.length === 0 && neverConnected && now - session.createdAt > this.connectGraceMs) continue;
      for (const apiVersion of versions) {
        const ids = webhookIds(this.options.unixNow());
        const record: CliDelivery = {
          webhookId: ids.webhookId,
          conversationId: ids.conversationId,
          sessionId: session.id,
          eventId: event.id,
          eventType: event.type,
          apiVersion,
          redelivery: opts.redelivery,
          queuedAt: now,
          sentAt: null,
          sends: 0,
          ackedAt: null,
          responses: [],
        };
        this.remember(record);
        const message: PendingMessage = { record, payload };
        session.pending.set(record.webhookId, message);
        if (session.pending.size > this.options.maxPendingPerSession) {
          const oldest = session.pending.keys().next().value;
          if (oldest !== undefined) session.pending.delete(oldest);
        }
        for (const socket of open) this.write(socket, message);
      }
    }
  }

  /** Sends a request log line to every open `logs tail` socket whose filters match. Nothing is queued. */
  publishRequestLog(entry: RequestLogEntry): void {
    if (this.closed) return;
    let frame: string | null = null;
    for (const session of this.sessionsById.values()) {
      if (!session.features.includes('request_logs') || !matchesLogFilters(entry, session.filters)) continue;
      for (const socket of session.sockets) {
        if (socket.readyState !== OPEN) continue;
        frame ??= requestLogFrame(entry);
        socket.send(frame);
      }
    }
  }

  sessions(): CliSessionInfo[] {
    this.prune();
    return [...this.sessionsById.values()].map((s) => ({
      id: s.id,
      deviceName: s.deviceName,
      features: [...s.features],
      authorizedFeature: s.authorizedFeature,
      forwardUrls: { ...s.forwardUrls },
      filters: s.filters,
      createdAt: s.createdAt,
      connections: [...s.sockets].filter((socket) => socket.readyState === OPEN).length,
      connectCount: s.connectCount,
      pending: s.pending.size,
    }));
  }

  deliveries(filter: { eventId?: string; sessionId?: string; apiVersion?: string | null } = {}): CliDelivery[] {
    const out: CliDelivery[] = [];
    for (const record of this.records.values()) {
      if (filter.eventId !== undefined && record.eventId !== filter.eventId) continue;
      if (filter.sessionId !== undefined && record.sessionId !== filter.sessionId) continue;
      if (filter.apiVersion !== undefined && record.apiVersion !== filter.apiVersion) continue;
      out.push({ ...record, responses: record.responses.map((r) => ({ ...r })) });
    }
    return out;
  }

  /** Closes the sockets of one session (or all); returns how many. */
  disconnect(options: { sessionId?: string; code?: number; reason?: string } = {}): number {
    let count = 0;
    for (const session of this.sessionsById.values()) {
      if (options.sessionId !== undefined && session.id !== options.sessionId) continue;
      for (const socket of session.sockets) {
        if (socket.readyState !== OPEN) continue;
        socket.close(options.code ?? 1001, options.reason ?? 'Going away');
        count += 1;
      }
    }
    return count;
  }

  expireSession(sessionId: string): boolean {
    const session = this.sessionsById.get(sessionId);
    if (!session) return false;
    this.sessionsById.delete(sessionId);
    for (const socket of session.sockets) {
      if (socket.readyState === OPEN) socket.close(1001, 'Session expired');
    }
    return true;
  }

  /** Stops accepting sessions/sockets and closes every socket. Returns the sockets that were open. */
  shutdown(code = 1001, reason = 'Server shutting down'): HubSocket[] {
    this.closed = true;
    const sockets: HubSocket[] = [];
    for (const session of this.sessionsById.values()) {
      for (const socket of session.sockets) {
        sockets.push(socket);
        if (socket.readyState === OPEN) socket.close(code, reason);
      }
    }
    this.sessionsById.clear();
    return sockets;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(socket: HubSocket, message: PendingMessage): void {
    if (socket.readyState !== OPEN) return;
    const { record, payload } = message;
    socket.send(
      webhookEventFrame({
        webhookId: record.webhookId,
        conversationId: record.conversationId,
        payload,
        signature: this.options.sign(payload),
        apiVersion: record.apiVersion,
      }),
    );
    record.sends += 1;
    record.sentAt = this.clock();
  }

  private remember(record: CliDelivery): void {
    this.records.set(record.webhookId, record);
    while (this.records.size > this.options.maxDeliveries) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) break;
      this.records.delete(oldest);
    }
  }

  /** Forgets sessions that have had no socket for longer than the idle TTL. */
  private prune(): void {
    const now = this.clock();
    for (const [id, session] of this.sessionsById) {
      if (session.sockets.size === 0 && now - session.lastActivity > this.options.idleSessionTtlMs) {
        this.sessionsById.delete(id);
      }
    }
  }
}
