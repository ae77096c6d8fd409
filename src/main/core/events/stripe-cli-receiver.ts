/**
 * Where `stripe listen --forward-to` posts each event: an HTTP endpoint on 127.0.0.1 with a random port and a
 * random path that only the CLI is told. Nothing is exposed beyond this computer.
 *
 * Every delivery is checked with stripe-node's `webhooks.constructEvent` on its raw body against the signing secret
 * the running CLI printed on its Ready line; anything that does not verify is refused (400) and never reaches the
 * order log. Verified events go to the event processor, which stores each event id once and only moves orders
 * forward. The CLI does not redeliver, so an event that could not be stored is left to the Events API poller and
 * reconciliation.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import type { Logger } from '../log';
import { HANDLED_EVENT_TYPES, type EventProcessor } from './event-processor';

export interface StripeCliReceiverOptions {
  processor: Pick<EventProcessor, 'ingest'>;
  /** Used for `stripe.webhooks.constructEvent` only. */
  stripe: Pick<Stripe, 'webhooks'>;
  log: Logger;
  /** Told of every delivery that verifies, new or not (ms). */
  onDelivery(at: number): void;
  /**
   * Whether a CLI is running or about to: a delivery that arrives before its Ready line (the CLI's output and its
   * first POST race) then waits for the secret; otherwise it is refused at once.
   */
  expectsCli(): boolean;
  now: () => number;
}

export interface StripeCliReceiver {
  /** Starts listening (once) and returns the URL to forward to. */
  open(): Promise<string>;
  /** Stops listening, drops open connections and forgets the secret. */
  close(): Promise<void>;
  url(): string | null;
  /** The running CLI's signing secret, or null while no CLI is Ready. */
  setSecret(secret: string | null): void;
}

/** Stripe events are far smaller; anything bigger is not from the CLI. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How long a delivery may wait for the Ready line of a CLI that is starting (its output and its POST race). */
const SECRET_WAIT_MS = 5_000;

const HANDLED = new Set<string>(HANDLED_EVENT_TYPES);

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createStripeCliReceiver(options: StripeCliReceiverOptions): StripeCliReceiver {
  const { processor, stripe, log, now } = options;
  let server: Server | null = null;
  let receiverPath = '';
  let port = 0;
  let secret: string | null = null;
  const secretWaiters = new Set<() => void>();

  const releaseSecretWaiters = () => {
    for (const waiter of [...secretWaiters]) waiter();
  };

  function waitForSecret(timeoutMs: number): Promise<string | null> {
    if (secret || !options.expectsCli()) return Promise.resolve(secret);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        secretWaiters.delete(done);
        resolve(secret);
      };
      const timer = setTimeout(done, timeoutMs);
      secretWaiters.add(done);
    });
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== receiverPath) {
      req.resume();
      return reply(res, 404, { error: 'not found' });
    }
    if (req.method !== 'POST') {
      req.resume();
      return reply(res, 405, { error: 'method not allowed' });
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        log.warn({ limit: MAX_BODY_BYTES }, 'refused an oversized Stripe CLI delivery');
      return reply(res, 413, { error: 'payload too large' });
    }
    const signature = req.headers['stripe-signature'];
    if (typeof signature !== 'string' || !signature) {
      log.warn('refused a Stripe CLI delivery without a Stripe-Signature header');
      return reply(res, 400, { error: 'missing Stripe-Signature' });
    }
    const key = await waitForSecret(SECRET_WAIT_MS);
    if (!key) {
      log.warn('refused a Stripe CLI delivery: the CLI is not ready, so there is no signing secret to check it with');
      return reply(res, 503, { error: 'not ready' });
    }
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(body, signature, key);
    } catch (error) {
      log.warn({ reason: messageOf(error) }, 'refused a Stripe CLI delivery: its signature does not verify');
      return reply(res, 400, { error: 'signature verification failed' });
    }
    options.onDelivery(now());
    if (!HANDLED.has(event.type)) return reply(res, 200, { received: true, ignored: true });
    try {
      const result = processor.ingest([event], 'stripe_cli');
      log.debug(
        { eventId: event.id, type: event.type, stored: result.stored, changed: result.changed.length },
        'Stripe CLI event',
      );
      return reply(res, 200, { received: true });
    } catch (error) {
      // The CLI does not redeliver; the Events API poller / reconciliation will pick the event up later.
      log.error({ err: error, eventId: event.id, type: event.type }, 'storing a Stripe CLI event failed');
      return reply(res, 500, { error: 'could not store the event' });
    }
  }

  const url = () => (server ? `http://127.0.0.1:${port}${receiverPath}` : null);

  return {
    async open() {
      if (server) return url()!;
      const path = `/stripe-events/${randomBytes(18).toString('base64url')}`;
      const created = createServer((req, res) => {
        receive(req, res).catch((error: unknown) => {
          log.error({ err: error }, 'Stripe CLI receiver failed');
          reply(res, 500, { error: 'internal error' });
        });
      });
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(0, '127.0.0.1', () => {
          created.off('error', reject);
          resolve();
        });
      });
      server = created;
      receiverPath = path;
      port = (created.address() as AddressInfo).port;
      return url()!;
    },
    async close() {
      const closing = server;
      server = null;
      if (closing) {
        closing.closeAllConnections();
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
      secret = null;
      releaseSecretWaiters();
    },
    url,
    setSecret(next) {
      secret = next;
      if (next) releaseSecretWaiters();
    },
  };
}
