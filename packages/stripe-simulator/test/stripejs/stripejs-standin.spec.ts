/**
 * The simulator's Stripe.js stand-in under a real integration: a React 19 page with @stripe/react-stripe-js
 * (<Elements> in deferred mode + <PaymentElement>), served with a strict Content-Security-Policy (test/stripejs/merchant-csp.ts), loading
 * /v3/stripe.js from the simulator like js.stripe.com. The test's server is also the merchant server: it holds the
 * secret key and creates + confirms PaymentIntents from confirmation tokens with stripe-node.
 */
import { expect, test as base, type FrameLocator, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type Stripe from 'stripe';
import { build } from 'vite';
import { merchantCsp } from './merchant-csp';
import { buildDir, buildStandIn, serverStripe, startSimulatorWithStandIn } from './support';
import { tempDir } from '../temp-dir';

const AMOUNT = 2599;
const VISA = '4242424242424242';
const PAGE_SOURCE = resolve(import.meta.dirname, 'page');

interface Checkout {
  /** The merchant page (React + react-stripe-js). */
  url: string;
  simulatorOrigin: string;
  stripe: Stripe;
  /** POST /v1/confirmation_tokens requests the simulator answered so far. */
  confirmationTokenCount(): number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The merchant server: the built page (with a strict CSP and the stand-in's script tag) and two API routes. */
function merchantServer(pageDir: string, simulatorOrigin: string, publishableKey: string, stripe: Stripe): Server {
  const csp = merchantCsp(simulatorOrigin);
  const intentView = (pi: Stripe.PaymentIntent) => ({
    id: pi.id,
    status: pi.status,
    clientSecret: pi.client_secret,
    lastPaymentError: pi.last_payment_error?.code ?? null,
  });
  return createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/api/pay') {
        const { confirmationToken } = await readJson(req);
        try {
          const pi = await stripe.paymentIntents.create({
            amount: AMOUNT,
            currency: 'cad',
            // Cards only (the stand-in offers no redirect methods): no return_url needed, as with Stripe.
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            confirm: true,
            confirmation_token: String(confirmationToken),
          });
          sendJson(res, 200, intentView(pi));
        } catch (error) {
          const e = error as Stripe.errors.StripeError;
          sendJson(res, 200, { error: { message: e.message, code: e.code }, id: e.payment_intent?.id ?? null });
        }
        return;
      }
      const intent = /^\/api\/payment-intents\/(pi_\w+)$/.exec(url.pathname);
      if (req.method === 'GET' && intent) {
        sendJson(res, 200, intentView(await stripe.paymentIntents.retrieve(intent[1]!)));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const file = resolve(pageDir, '.' + (url.pathname === '/' ? '/index.html' : url.pathname));
      if (!file.startsWith(pageDir + sep)) {
        res.writeHead(404).end();
        return;
      }
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        res.writeHead(404).end();
        return;
      }
      if (file.endsWith('index.html')) {
        // As a merchant page (Till's renderer among them) does: a plain <script src> from the simulator's origin, before the app's module.
        body = Buffer.from(
          body
            .toString('utf8')
            .replace(
              '<head>',
              `<head>\n<meta name="simulator-publishable-key" content="${publishableKey}">\n<script src="${simulatorOrigin}/v3/stripe.js"></script>`,
            ),
        );
      }
      res
        .writeHead(200, {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': csp,
        })
        .end(body);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
}

/** One simulator, stand-in build, page build and merchant server per worker. */
const test = base.extend<object, { checkout: Checkout }>({
  checkout: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = tempDir('till-stripejs-');
      // Build the stand-in from source (so the test never runs a stale out/ build) and the page.
      const assetsDir = buildDir(dir.path);
      await buildStandIn(assetsDir);
      const pageDir = join(dir.path, 'page');
      await build({
        configFile: false,
        root: PAGE_SOURCE,
        logLevel: 'warn',
        plugins: [react()],
        build: { outDir: pageDir, emptyOutDir: true },
      });

      const sim = await startSimulatorWithStandIn(assetsDir);
      let confirmationTokens = 0;
      const unsubscribe = sim.context.requestLog.subscribe((entry) => {
        if (entry.method === 'POST' && entry.path.startsWith('/v1/confirmation_tokens')) confirmationTokens++;
      });
      const stripe = serverStripe(sim);
      const server = merchantServer(pageDir, sim.url, sim.keys.publishable, stripe);
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as { port: number };

      await use({
        url: `http://127.0.0.1:${port}/`,
        simulatorOrigin: sim.url,
        stripe,
        confirmationTokenCount: () => confirmationTokens,
      });

      unsubscribe();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await sim.close();
      dir.cleanup();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

const cardFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure payment input frame"]');

async function openCheckout(page: Page, checkout: Checkout): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(checkout.url);
  await expect(page.getByRole('button', { name: 'Pay $25.99' })).toBeEnabled();
  return problems;
}

async function typeCard(page: Page, card: { number: string; expiry?: string; cvc?: string; postal?: string }) {
  const frame = cardFrame(page);
  await frame.getByLabel('Card number').fill(card.number);
  await frame.getByLabel('Expiration date').fill(card.expiry ?? '12 / 34');
  await frame.getByLabel('Security code').fill(card.cvc ?? '123');
  await frame.getByLabel('Postal code').fill(card.postal ?? 'K1A 0B1');
}

async function payAndWait(page: Page, state: 'succeeded' | 'failed') {
  await page.getByRole('button', { name: 'Pay $25.99' }).click();
  const status = page.getByRole('status');
  await expect(status).toHaveAttribute('data-state', state);
  return status;
}

test('a Visa payment succeeds through the confirmation token flow', async ({ page, checkout }) => {
  const problems = await openCheckout(page, checkout);
  await typeCard(page, { number: '4242 4242 4242 4242' });
  await expect(cardFrame(page).getByText('VISA')).toBeVisible();

  const status = await payAndWait(page, 'succeeded');
  await expect(status).toHaveText(/^Payment succeeded \(pi_/);
  const id = await status.getAttribute('data-payment-intent');
  const pi = await checkout.stripe.paymentIntents.retrieve(id!);
  expect(pi.status).toBe('succeeded');
  expect(pi.amount).toBe(AMOUNT);
  expect(pi.currency).toBe('cad');
  // No CSP violation, no "Stripe.js@… was loaded" version warning, no error.
  expect(problems).toEqual([]);
});

test('the host page cannot read the card digits', async ({ page, checkout }) => {
  const hostRequests: string[] = [];
  const cardDataRequests: { frameUrl: string; url: string }[] = [];
  page.on('request', (request) => {
    const text = `${request.method()} ${request.url()}\n${request.postData() ?? ''}`;
    if (request.frame() === page.mainFrame()) hostRequests.push(text);
    if (text.includes(VISA)) cardDataRequests.push({ frameUrl: request.frame().url(), url: request.url() });
  });
  // Everything the host window receives by postMessage (the page scripts run without DOM types here: strings).
  await page.addInitScript(
    'window.seenMessages = []; window.addEventListener("message", (e) => window.seenMessages.push(JSON.stringify(e.data)), true);',
  );
  await openCheckout(page, checkout);
  await typeCard(page, { number: '4242 4242 4242 4242' });
  await payAndWait(page, 'succeeded');

  // The frame is another origin: its document is out of the page's reach.
  const access = (await page.evaluate(`(() => {
    const frame = document.querySelector('iframe[title="Secure payment input frame"]');
    let documentReadable;
    try {
      documentReadable = frame.contentWindow.document !== undefined;
    } catch {
      documentReadable = false;
    }
    return { contentDocument: frame.contentDocument, documentReadable, src: frame.src };
  })()`)) as { contentDocument: unknown; documentReadable: boolean; src: string };
  expect(access.contentDocument).toBeNull();
  expect(access.documentReadable).toBe(false);
  expect(new URL(access.src).origin).toBe(checkout.simulatorOrigin);

  const digits = [VISA, '4242 4242 4242 4242'];
  const dom = await page.content();
  for (const d of digits) expect(dom).not.toContain(d);
  const messages = (await page.evaluate('window.seenMessages')) as string[];
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) for (const d of digits) expect(m).not.toContain(d);
  expect(hostRequests.length).toBeGreaterThan(0);
  for (const r of hostRequests) for (const d of digits) expect(r).not.toContain(d);
  // The digits did travel: from the card frame to the simulator's API, and only that way.
  expect(cardDataRequests).toEqual([
    {
      frameUrl: expect.stringMatching(new RegExp(`^${checkout.simulatorOrigin}/v3/elements/card-frame\\.html\\?`)),
      url: `${checkout.simulatorOrigin}/v1/confirmation_tokens`,
    },
  ]);
});

test('3D Secure: completing the challenge succeeds the payment', async ({ page, checkout }) => {
  await openCheckout(page, checkout);
  await typeCard(page, { number: '4000 0025 0000 3155' });
  await page.getByRole('button', { name: 'Pay $25.99' }).click();

  const modal = page.getByRole('dialog', { name: '3D Secure authentication' });
  await expect(modal).toBeVisible();
  await page
    .frameLocator('iframe[title="3D Secure challenge"]')
    .getByRole('button', { name: 'Complete authentication' })
    .click();
  await expect(modal).toBeHidden();

  const status = page.getByRole('status');
  await expect(status).toHaveAttribute('data-state', 'succeeded');
  const pi = await checkout.stripe.paymentIntents.retrieve((await status.getAttribute('data-payment-intent'))!);
  expect(pi.status).toBe('succeeded');
});

test('3D Secure: failing the challenge shows Stripe.js’s message', async ({ page, checkout }) => {
  await openCheckout(page, checkout);
  await typeCard(page, { number: '4000 0025 0000 3155' });
  await page.getByRole('button', { name: 'Pay $25.99' }).click();

  await page
    .frameLocator('iframe[title="3D Secure challenge"]')
    .getByRole('button', { name: 'Fail authentication' })
    .click();

  const status = page.getByRole('status');
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status).toHaveText(
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  );
  await expect(page.getByRole('dialog', { name: '3D Secure authentication' })).toBeHidden();
  const pi = await checkout.stripe.paymentIntents.retrieve((await status.getAttribute('data-payment-intent'))!);
  expect(pi.status).toBe('requires_payment_method');
  expect(pi.last_payment_error?.code).toBe('payment_intent_authentication_failure');
});

test('a declined card shows the decline message', async ({ page, checkout }) => {
  await openCheckout(page, checkout);
  await typeCard(page, { number: '4000 0000 0000 9995' });
  const status = await payAndWait(page, 'failed');
  await expect(status).toHaveText('Your card has insufficient funds.');
  const pi = await checkout.stripe.paymentIntents.retrieve((await status.getAttribute('data-payment-intent'))!);
  expect(pi.status).toBe('requires_payment_method');
  expect(pi.last_payment_error?.decline_code).toBe('insufficient_funds');
});

test('an expiry in the past is refused before any confirmation token exists', async ({ page, checkout }) => {
  await openCheckout(page, checkout);
  const before = checkout.confirmationTokenCount();
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/v1/confirmation_tokens')) tokenRequests.push(request.url());
  });
  await typeCard(page, { number: '4242 4242 4242 4242', expiry: '01 / 20' });

  const message = "Your card's expiration year is in the past.";
  // Under the field, inside the frame …
  await expect(cardFrame(page).getByText(message)).toBeVisible();
  await expect(cardFrame(page).getByLabel('Expiration date')).toHaveAttribute('aria-invalid', 'true');
  // … in the change event the page shows …
  await expect(page.getByTestId('element-error')).toHaveText(message);
  // … and from elements.submit().
  const status = await payAndWait(page, 'failed');
  await expect(status).toHaveText(message);
  expect(tokenRequests).toEqual([]);
  expect(checkout.confirmationTokenCount()).toBe(before);
});
