import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { clearCard, ordersInLog, payButton, startOrder, stripeFor, typeCard } from './checkout-helpers';
import { signIn } from './sign-in';

/** The counter as a new clerk meets it, at the size of a common shop PC's screen. */
test.use({ viewport: { width: 1366, height: 768 } });

/** Screenshots for a person to look at, when SHOTS_DIR is set (never committed). */
const shot = async (page: Page, name: string) => {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}.png` });
};

const inViewport = async (page: Page, selector: ReturnType<Page['locator']>) => {
  const box = await selector.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(768);
};

test('after a decline the clerk adds an item and the next card pays the new total, once', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4000000000000002');
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The card was declined by the bank' })).toBeVisible();
  await shot(page, 'checkout-declined');

  // The caller adds a pair of gloves: no re-keying, the same order takes it.
  await expect(page.getByRole('button', { name: 'One more Steel-toe work boots' })).toBeEnabled();
  await page.getByRole('searchbox', { name: 'Search products' }).fill('gloves');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Cart' })).toContainText('Cut-resistant gloves');
  await expect(page.getByTestId('order-total')).toHaveText('$215.19'); // (189.99 + 14.95) + 5% GST
  await expect(payButton(page)).toHaveText('Pay $215.19');

  await clearCard(page);
  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid: $215.19' })).toBeVisible();
  const receipt = page.getByRole('article', { name: /Receipt for order/ });
  await expect(receipt).toContainText('Cut-resistant gloves');
  await expect(receipt).toContainText('$215.19');

  const orders = ordersInLog(preview);
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ status: 'paid', total: 21519 });
  const intents = (await stripeFor(preview).paymentIntents.list({ limit: 10 })).data;
  expect(intents).toHaveLength(1);
  expect(intents[0]).toMatchObject({ status: 'succeeded', amount: 21519, amount_received: 21519 });
});

test('a reload of the window keeps the order being taken, never the card', async ({ page, preview }) => {
  await startOrder(page, preview);
  await page.getByLabel('Note').fill('Leave at the side door');
  await typeCard(page, '4000000000000002');
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The card was declined by the bank' })).toBeVisible();
  const [declined] = ordersInLog(preview);

  await page.reload();
  await expect(page.getByRole('table', { name: 'Cart' })).toContainText('Steel-toe work boots');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Jane Caller');
  await expect(page.getByLabel('Phone')).toHaveValue('250 555 0101');
  await expect(page.getByLabel('Note')).toHaveValue('Leave at the side door');
  await expect(page.getByText(`Order #${declined!.number}`, { exact: false }).first()).toBeVisible();
  await expect(page.frameLocator('.card-form iframe').getByLabel('Card number')).toHaveValue('');
  const stored = await page.evaluate<string>('JSON.stringify(sessionStorage)');
  expect(stored).not.toContain('4000');

  // Paying after the reload continues the same order: no second order, no second PaymentIntent.
  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();
  expect(ordersInLog(preview)).toEqual([expect.objectContaining({ id: declined!.id, status: 'paid' })]);
  expect((await stripeFor(preview).paymentIntents.list({ limit: 10 })).data).toHaveLength(1);

  // Once paid, the draft is gone: a reload starts a new, empty order.
  await page.reload();
  await expect(page.getByText('Add products from the catalog')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
});

test('a reload before any card keeps the cart and the details', async ({ page, preview }) => {
  await startOrder(page, preview);
  await page.getByRole('button', { name: 'One more Steel-toe work boots' }).click();
  await page.reload();
  await expect(page.getByLabel('Quantity of Steel-toe work boots')).toHaveValue('2');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Jane Caller');
  expect(ordersInLog(preview)).toHaveLength(0);
});

test('at 1366×768 with a full cart, Pay and the header stay on screen', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  const products = page.getByRole('listbox', { name: 'Products' }).getByRole('option');
  await expect(products.first()).toBeVisible();
  const count = Math.min(await products.count(), 14);
  for (let i = 0; i < count; i++) await products.nth(i).click();
  await expect(page.getByRole('table', { name: 'Cart' }).getByRole('row')).toHaveCount(count + 1);
  await page.getByLabel('Name', { exact: true }).fill('Jane Caller');
  await page.getByLabel('Phone').fill('250 555 0101');
  await shot(page, 'checkout-full-cart');

  await inViewport(page, payButton(page));
  await page.frameLocator('.card-form iframe').getByLabel('Card number').focus();
  await typeCard(page, '4242424242424242');
  await inViewport(page, payButton(page));
  await inViewport(page, page.getByRole('heading', { name: 'Checkout' }));
  await expect(page.locator('.card-hint.active')).toContainText('press Esc, then F9 or Enter to pay');
  await shot(page, 'checkout-card-form');
  // The page itself never scrolls: the columns do.
  expect(await page.evaluate('document.scrollingElement.scrollTop')).toBe(0);
});

test('from inside the card form, Esc then F9 pays; New order puts the focus in search', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4242424242424242');
  await page.keyboard.press('Escape');
  await expect(payButton(page)).toBeFocused();
  await page.keyboard.press('F9');
  await expect(page.getByRole('status').filter({ hasText: 'Paid: $199.49' })).toBeVisible();

  await page.getByRole('button', { name: 'New order' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toBeFocused();
});
