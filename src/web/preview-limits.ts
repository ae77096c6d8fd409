/**
 * How long and how much the browser preview waits for a client, so a slow or greedy local process (slowloris: a
 * request sent a byte at a time, or begun and never finished) cannot hold its connections open. Node's HTTP server
 * enforces these; Fastify passes them through.
 *
 * There is deliberately no idle-socket time-out (Fastify's `connectionTimeout`): once a request has arrived, a call
 * may rightly wait on Stripe for a long while, and the push stream (/api/push) is quiet by design. Node's request
 * time-outs stop counting when a request has been received, so neither is cut.
 */
import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';

export interface PreviewLimits {
  /** The request line and all headers must arrive within this, counted from the connection or the last request. */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** An idle keep-alive connection between two requests is closed after this. */
  keepAliveMs: number;
  /** The largest call body; larger ones get 413 before they are read. */
  bodyBytes: number;
  /** Connections open at once; more are refused as they arrive. */
  connections: number;
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  // The contract's largest input is a 1,000,000-character catalog CSV: up to 3 bytes a character in UTF-8 JSON.
  bodyBytes: 4 * 1024 * 1024,
  // A page holds a push stream and up to six calls; a handful of windows and tabs stay well under this.
  connections: 64,
};

export function serverOptionsFor(limits: PreviewLimits): FastifyHttpOptions<Server> {
  // Node throws if the header time-out is longer than the request's, which includes it.
  const headersTimeout = Math.min(limits.headersMs, limits.requestMs);
  return {
    requestTimeout: limits.requestMs,
    keepAliveTimeout: limits.keepAliveMs,
    bodyLimit: limits.bodyBytes,
    http: {
      headersTimeout,
      requestTimeout: limits.requestMs,
      // Node checks the time-outs on this interval (30 s by default), so it bounds how late a slow client is dropped.
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4))),
    },
  };
}
