import type { Page } from '@playwright/test';
import type { TillApi } from '#shared/till-api';
import { createStripeClient } from '#core/payments/stripe-client';
import type { RunningPreview } from '../support/preview';
import { takeOrderDetails } from './checkout-helpers';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

/** Pay-by-link at the counter: the caller pays on Stripe's page in their own browser, and Checkout sees it live. */
test.use({ viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.TILL_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

/** The owner gives the shop's web page in Payment settings (Stripe sends the paying customer there). */
/** Stripe's side, as the shop's own Stripe account would act (here, the simulator behind training mode). */
const stripeOf = (preview: RunningPreview) => createStripeClient(preview.training!.connection, 'test');

async function setShopPage(page: Page) {
  await page.goto(page.url().replace(/#.*$/, '#/history'));
  await page.getByText('Payment settings').click();
  await page.getByLabel('Your PIN, to change these settings').fill('2468');
  await page
    .getByLabel("Your shop's web page, where Stripe sends a customer who paid")
    .fill('https://shop.example/thanks');
  await page.getByRole('button', { name: 'Save the web page' }).click();
  await expect(page.getByLabel("Your shop's web page, where Stripe sends a customer who paid")).toHaveValue(
    'https://shop.example/thanks',
  );
  await page.goto(page.url().replace(/#.*$/, '#/checkout'));
}

/** Signed in at Checkout with the shop's web page already set: an order's details taken and its link sent. */
async function sendLinkFromCheckout(page: Page, preview: RunningPreview) {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.evaluate(() =>
    (globalThis as unknown as { till: TillApi }).till.settings.update({
      linkReturnUrl: 'https://shop.example/thanks',
      pin: '2468',
    }),
  );
  await takeOrderDetails(page);
  await page.getByRole('button', { name: 'Send a payment link instead' }).click();
  const panel = page.getByRole('region', { name: 'Payment link' });
  return { panel, url: await panel.getByLabel('Link').inputValue() };
}

async function fillCard(customer: Page, card: string) {
  await customer.getByLabel(/card number/i).fill(card);
  await customer.getByLabel(/expir/i).fill('12 / 39');
  await customer.getByLabel(/cvc/i).fill('123');
  await customer.getByRole('button', { name: /pay/i }).click();
}

async function payOnStripePage(page: Page, url: string, card: string) {
  const customer = await page.context().newPage();
  await customer.goto(url);
  await fillCard(customer, card);
  return customer;
}

test('a link paid on Stripe’s page in another tab turns the order paid in Checkout, with its receipt', async ({
  page,
  preview,
}) => {
  test.setTimeout(60_000); // Stripe's events reach Till by polling every few seconds, as in the shop
  await page.goto(preview.server.url);
  await signIn(page);
  // Before the shop has a web page for Stripe to send customers to, Till says what to do.
  await takeOrderDetails(page);
  await page.getByRole('button', { name: 'Send a payment link instead' }).click();
  await expect(page.getByRole('alert')).toContainText("enter your shop's web address in Payment settings");
  await setShopPage(page);
  await takeOrderDetails(page);
  await page.getByRole('button', { name: 'Send a payment link instead' }).click();
  const panel = page.getByRole('region', { name: 'Payment link' });
  await expect(panel.getByRole('status')).toContainText('Waiting for the customer to pay');
  const url = await panel.getByLabel('Link').inputValue();
  expect(url).toMatch(/\/checkout\/pay\/cs_/);
  await expect(panel.getByRole('link', { name: 'E-mail it' })).toHaveAttribute('href', /^mailto:/);
  await shot(page, 'pay-by-link');

  // The owner watches the history in a window of its own: the order waits for the customer.
  const history = await page.context().newPage();
  await history.setViewportSize({ width: 1366, height: 768 });
  await history.goto(`${preview.server.origin}/#/history`);
  const row = history.getByRole('row').filter({ hasText: 'Jane Caller' });
  await expect(row).toContainText('Waiting for the customer');

  const customer = await payOnStripePage(page, url, '4000000000009995');
  await expect(customer.getByText(/insufficient funds|declined/i)).toBeVisible();
  await expect(panel.getByRole('status')).toContainText('Waiting for the customer to pay');
  await expect(row).toContainText('Waiting for the customer');
  await fillCard(customer, '4242424242424242');

  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Served by Owner')).toBeVisible();
  await expect(row).toContainText('Paid', { timeout: 15_000 });
  await row.getByRole('button', { name: /^#\d+$/ }).click();
  await expect(history.getByText(/^Payment link for \$[\d.]+: paid by the customer$/)).toBeVisible();
  await shot(history, 'pay-by-link-history');
});

test('the clerk takes the link back and keys the card: the link no longer pays', async ({ page, preview }) => {
  const { panel, url } = await sendLinkFromCheckout(page, preview);
  await panel.getByRole('button', { name: 'Take the link back and key the card' }).click();
  await expect(page.getByRole('button', { name: 'Send a payment link instead' })).toBeVisible();
  const customer = await page.context().newPage();
  await customer.goto(url);
  await expect(customer.getByText(/expired|no longer/i)).toBeVisible();
});

test('a link that runs out: Checkout offers a new one, and the history says the link expired', async ({
  page,
  preview,
}) => {
  test.setTimeout(60_000); // Stripe's events reach Till by polling every few seconds, as in the shop
  const { panel, url } = await sendLinkFromCheckout(page, preview);

  // Stripe closes the session (its time ran out): checkout.session.expired reaches Till.
  const stripe = stripeOf(preview);
  const session = (await stripe.checkout.sessions.list({ limit: 1 })).data[0]!;
  expect(url).toContain(session.id);
  await stripe.checkout.sessions.expire(session.id);

  await expect(panel).toBeHidden({ timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: 'The payment link ran out' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send a new payment link' })).toBeEnabled();
  await shot(page, 'pay-by-link-expired');

  await page.goto(`${preview.server.origin}/#/history`);
  const row = page.getByRole('row').filter({ hasText: 'Jane Caller' });
  await expect(row).toContainText('Link expired');
  await row.getByRole('button', { name: /^#\d+$/ }).click();
  await expect(page.getByText(/Payment link for \$199\.49: expired at .* without being paid/)).toBeVisible();
  await expect(page.getByText('Stripe: payment link closed')).toBeVisible();
});
