/**
 * The Stripe.js stand-in's API beyond the deferred Payment Element flow: the Card Element and its events,
 * confirmCardPayment / confirmPayment with the card typed in the frame, 3D Secure from the client, declines, and the
 * integration errors and element lifecycle react-stripe-js relies on. The page is plain HTML (a strict CSP) driving
 * `window.Stripe` through page.evaluate (strings: this tsconfig has no DOM types).
 */
import { expect, test as base, type FrameLocator, type Page } from '@playwright/test';
import { createServer } from 'node:http';
import type Stripe from 'stripe';
import { merchantCsp } from './merchant-csp';
import { buildDir, buildStandIn, serverStripe, startSimulatorWithStandIn } from './support';
import { tempDir } from '../temp-dir';

interface Env {
  url: string;
  publishableKey: string;
  stripe: Stripe;
}

const test = base.extend<object, { env: Env }>({
  env: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = tempDir('till-stripejs-api-');
      const assetsDir = buildDir(dir.path);
      await buildStandIn(assetsDir);
      const sim = await startSimulatorWithStandIn(assetsDir);
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stand-in API</title>
<script src="${sim.url}/v3/stripe.js"></script></head>
<body><div id="el" style="max-width: 520px; padding: 12px; border: 1px solid #ccc"></div></body></html>`;
      const csp = merchantCsp(sim.url);
      const server = createServer((req, res) => {
        if (req.url !== '/') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(html);
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as { port: number };
      await use({ url: `http://127.0.0.1:${port}/`, publishableKey: sim.keys.publishable, stripe: serverStripe(sim) });
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await sim.close();
      dir.cleanup();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

/** Runs an async function body in the page; `t` is a per-page scratch object. */
const run = <T = unknown>(page: Page, body: string): Promise<T> =>
  page.evaluate(`(async () => { const t = (window.t ??= {}); ${body} })()`) as Promise<T>;

async function open(page: Page, env: Env): Promise<void> {
  await page.goto(env.url);
  await run(page, `t.stripe = Stripe(${JSON.stringify(env.publishableKey)});`);
}

/** Creates an element of `type` in group `t.elements` (options: JS source), mounts it on #el, waits for ready. */
async function mount(page: Page, type: 'card' | 'payment', elementsOptions = '{}', options = '{}'): Promise<void> {
  await run(
    page,
    `t.elements ??= t.stripe.elements(${elementsOptions});
     t.element = t.elements.create(${JSON.stringify(type)}, ${options});
     t.changes = [];
     t.element.on('change', (e) => t.changes.push(e));
     await new Promise((resolve) => { t.element.on('ready', resolve); t.element.mount('#el'); });`,
  );
}

const cardFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure card payment input frame"]');
const paymentFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure payment input frame"]');

async function typeIntoCardElement(page: Page, number: string, postal = '90210'): Promise<void> {
  const frame = cardFrame(page);
  await frame.getByLabel('Credit or debit card number').fill(number);
  await frame.getByLabel('Credit or debit card expiration date').fill('12 / 34');
  await frame.getByLabel('Credit or debit card CVC/CVV').fill('123');
  await frame.getByLabel('Postal code').fill(postal);
}

/** Starts a call whose result arrives later (e.g. after the 3DS modal): `t.done` holds it. */
const start = (page: Page, call: string): Promise<unknown> =>
  run(
    page,
    `t.done = undefined; ${call}.then((r) => { t.done = r; }, (e) => { t.done = { thrown: e.name + ': ' + e.message }; });`,
  );

async function result<T = Record<string, unknown>>(page: Page): Promise<T> {
  await expect.poll(() => run(page, 'return t.done !== undefined')).toBe(true);
  return run<T>(page, 'return JSON.parse(JSON.stringify(t.done));');
}

const newIntent = (env: Env, amount = 1500) =>
  env.stripe.paymentIntents.create({
    amount,
    currency: 'cad',
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });

test('Card Element: change events, container classes, createPaymentMethod', async ({ page, env }) => {
  await open(page, env);
  expect(await run(page, 'return Stripe.version;')).toBe('endive');
  await mount(page, 'card', '{}', '{ style: { base: { fontSize: "17px" } } }');
  await expect(page.locator('#el')).toHaveClass(/StripeElement StripeElement--empty/);

  await cardFrame(page).getByLabel('Credit or debit card number').fill('4242 4242 4242 4241');
  expect(await run(page, 'return t.changes.at(-1);')).toMatchObject({
    elementType: 'card',
    empty: false,
    complete: false,
    brand: 'visa',
    error: { type: 'validation_error', code: 'invalid_number', message: 'Your card number is invalid.' },
  });
  await expect(page.locator('#el')).toHaveClass(/StripeElement--invalid/);

  await typeIntoCardElement(page, '4242 4242 4242 4242');
  expect(await run(page, 'return t.changes.at(-1);')).toEqual({
    elementType: 'card',
    empty: false,
    complete: true,
    brand: 'visa',
    value: { postalCode: '90210' },
  });
  await expect(page.locator('#el')).toHaveClass(/StripeElement--complete/);

  const created = await run<{ paymentMethod: Stripe.PaymentMethod }>(
    page,
    `return t.stripe.createPaymentMethod({ type: 'card', card: t.element, billing_details: { name: 'Ann Example' } });`,
  );
  expect(created.paymentMethod.id).toMatch(/^pm_/);
  expect(created.paymentMethod.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 });
  expect(created.paymentMethod.billing_details).toMatchObject({
    name: 'Ann Example',
    address: { postal_code: '90210' },
  });
});

test('confirmCardPayment: closing the 3D Secure modal fails the authentication', async ({ page, env }) => {
  await open(page, env);
  await mount(page, 'card');
  await typeIntoCardElement(page, '4000 0025 0000 3155');
  const pi = await newIntent(env);
  await start(
    page,
    `t.stripe.confirmCardPayment(${JSON.stringify(pi.client_secret)}, { payment_method: { card: t.element } })`,
  );

  const modal = page.getByRole('dialog', { name: '3D Secure authentication' });
  await expect(
    page.frameLocator('iframe[title="3D Secure challenge"]').getByRole('button', { name: 'Complete authentication' }),
  ).toBeVisible();
  await modal.getByRole('button', { name: 'Cancel authentication' }).click();
  const outcome = await result<{ error: Record<string, unknown> }>(page);
  expect(outcome.error).toMatchObject({
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    message:
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    payment_intent: { id: pi.id, status: 'requires_payment_method' },
  });
  await expect(modal).toBeHidden();
  expect((await env.stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
});

test('confirmCardPayment: a decline resolves {error} with the intent', async ({ page, env }) => {
  await open(page, env);
  await mount(page, 'card');
  await typeIntoCardElement(page, '4000 0000 0000 0002');
  const pi = await newIntent(env);
  await start(
    page,
    `t.stripe.confirmCardPayment(${JSON.stringify(pi.client_secret)}, { payment_method: { card: t.element } })`,
  );
  const outcome = await result<{ error: Record<string, unknown> }>(page);
  expect(outcome.error).toMatchObject({
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
    payment_intent: { id: pi.id, status: 'requires_payment_method' },
  });
});

test('confirmPayment with a client secret: 3D Secure completed in the modal', async ({ page, env }) => {
  const pi = await newIntent(env, 4200);
  await open(page, env);
  await mount(page, 'payment', `{ clientSecret: ${JSON.stringify(pi.client_secret)} }`);
  const frame = paymentFrame(page);
  await frame.getByLabel('Card number').fill('4000 0025 0000 3155');
  await frame.getByLabel('Expiration date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('Postal code').fill('K1A 0B1');

  await start(page, `t.stripe.confirmPayment({ elements: t.elements, redirect: 'if_required' })`);
  await page
    .frameLocator('iframe[title="3D Secure challenge"]')
    .getByRole('button', { name: 'Complete authentication' })
    .click();
  const outcome = await result<{ paymentIntent: Stripe.PaymentIntent }>(page);
  expect(outcome.paymentIntent).toMatchObject({ id: pi.id, status: 'succeeded', amount: 4200 });
  const retrieved = await run<{ paymentIntent: Stripe.PaymentIntent }>(
    page,
    `return t.stripe.retrievePaymentIntent(${JSON.stringify(pi.client_secret)});`,
  );
  expect(retrieved.paymentIntent.status).toBe('succeeded');
  expect((await env.stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
});

test('integration errors and the element lifecycle', async ({ page, env }) => {
  await open(page, env);
  const errors = await run<Record<string, string>>(
    page,
    `const out = {};
     const attempt = async (name, fn) => { try { await fn(); out[name] = 'no error'; } catch (e) { out[name] = e.name + ': ' + e.message; } };
     await attempt('secretKey', () => Stripe('sk_test_123'));
     await attempt('noAmount', () => t.stripe.elements({ mode: 'payment', currency: 'cad' }));
     t.elements = t.stripe.elements({ mode: 'payment', amount: 1000, currency: 'cad' });
     await attempt('address', () => t.elements.create('address', { mode: 'shipping' }));
     const first = t.elements.create('payment');
     await attempt('duplicate', () => t.elements.create('payment'));
     await attempt('beforeSubmit', () => t.stripe.createConfirmationToken({ elements: t.elements }));
     first.destroy();
     await attempt('destroyedTwice', () => first.destroy());
     const second = t.elements.create('payment');
     out.getElement = String(t.elements.getElement('payment') === second && t.elements.getElement({ __elementType: 'payment' }) === second);
     second.destroy();
     return out;`,
  );
  expect(errors).toEqual({
    secretKey:
      'IntegrationError: You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.',
    noAmount:
      'IntegrationError: Invalid value for elements(): amount should be a positive integer. You specified: undefined.',
    address: expect.stringMatching(/^IntegrationError: .*does not support Elements of type 'address'/),
    duplicate: 'IntegrationError: Can only create one Element of type payment.',
    beforeSubmit: expect.stringMatching(/^IntegrationError: elements\.submit\(\) must be called before/),
    destroyedTwice: 'IntegrationError: This Element has already been destroyed. Please create a new one.',
    getElement: 'true',
  });

  // Deferred mode: createConfirmationToken needs a successful elements.submit() first.
  await mount(page, 'payment');
  const empty = await run(page, 'return t.elements.submit();');
  expect(empty).toEqual({
    error: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' },
  });
  await expect(paymentFrame(page).getByText('Your card number is incomplete.')).toBeVisible();
  const early = await run(
    page,
    `try { await t.stripe.createConfirmationToken({ elements: t.elements }); return 'no error'; } catch (e) { return e.message; }`,
  );
  expect(early).toMatch(/^elements\.submit\(\) must be called before stripe\.createConfirmationToken\(\)/);
  expect(await run(page, 'return t.changes.length;')).toBeGreaterThan(0);
});
