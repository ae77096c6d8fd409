import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ordersInLog, payButton, typeCard } from './checkout-helpers';

/** A fresh order log, as a new owner first sees it: the set-up screen, then a first phone order. */
test.use({ setup: 'none', viewport: { width: 1366, height: 768 } });
// Set-up (an scrypt hash of the PIN), then a payment: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 60_000 });

const SHOTS = process.env.TILL_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

const setupForm = (page: Page) => page.getByRole('form', { name: 'Set up Till' });

async function typeOwner(page: Page, pin = '135790', pinAgain = pin) {
  await page.getByLabel("Owner's name").fill('Dana Lake');
  await page.getByLabel('Owner PIN (4 to 6 digits)').fill(pin);
  await page.getByLabel('The same PIN again').fill(pinAgain);
}

test('both windows open on set-up, and nothing else answers until it is done', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await expect(setupForm(page)).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveCount(0);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.reload();
  await expect(setupForm(page)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Order history' })).toHaveCount(0);
});

test('own shop, empty catalog: errors named at the fields, then a first paid order with its receipt', async ({
  page,
  preview,
}) => {
  await page.goto(preview.server.url);
  await expect(setupForm(page)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Currency' })).toHaveValue('CAD');
  await shot(page, 'setup-empty');

  // A new owner's slips: no shop name, a rate that is not a number, two different PINs.
  await page.getByRole('combobox', { name: 'Start from' }).selectOption({ label: 'Ontario: HST 13%' });
  await page.getByLabel('Tax 1: rate').fill('13 percent');
  await typeOwner(page, '135790', '135791');
  await page.getByRole('button', { name: 'Finish set-up and open Till' }).click();
  // Every message at once, next to its field: the page's own about the rate, main's about the rest.
  await expect(page.getByText('Enter the rate as a percentage: 7 or 7.25')).toBeVisible();
  await expect(page.getByText("Enter the shop's name")).toBeVisible();
  await expect(page.getByText("Enter the shop's address")).toBeVisible();
  await expect(page.getByText('The two PINs are not the same. Type the same PIN twice.')).toBeVisible();
  await expect(page.getByText('Some answers need another look')).toBeVisible();
  await shot(page, 'setup-errors');
  await page.getByLabel('Tax 1: rate').fill('13');

  await page.getByLabel('Shop name').fill('Lakeside Hardware');
  await page.getByLabel('Address (as printed, one line per line)').fill('12 Front St W\nToronto, ON M5J 2N1');
  await page.getByLabel('Phone').fill('416 555 0199');
  await page.getByLabel('GST/HST number').fill('987654321 RT0001');
  await typeOwner(page);
  // What was fixed no longer shows a message.
  await expect(page.getByText("Enter the shop's name")).toHaveCount(0);
  await expect(page.getByText('The two PINs are not the same. Type the same PIN twice.')).toHaveCount(0);
  await expect(page.getByText('Some answers need another look')).toHaveCount(0);
  await shot(page, 'setup-filled');
  await page.getByRole('button', { name: 'Finish set-up and open Till' }).click();

  // Till opens on the checkout, with the shop's name, an empty catalog and the training banner.
  await expect(page.getByText('The catalog is empty.')).toBeVisible();
  await expect(page.locator('.shop-name')).toHaveText('Lakeside Hardware');
  await expect(page.getByRole('status').filter({ hasText: 'Training mode' })).toBeVisible();

  await page.getByLabel('Quick charge description').fill('Key cutting');
  await page.getByLabel('Quick charge amount').fill('20');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Jane Caller');
  await page.getByLabel('Phone').fill('416 555 0101');
  await expect(page.getByTestId('order-total')).toHaveText('$22.60'); // 20.00 + 13% HST
  await typeCard(page, '4242424242424242', '12 / 34', '123', 'M5J 2N1');
  await payButton(page).click();

  const receipt = page.getByRole('article', { name: /Receipt for order/ });
  await expect(receipt).toContainText('Lakeside Hardware');
  await expect(receipt).toContainText('12 Front St W');
  await expect(receipt).toContainText('Toronto, ON M5J 2N1');
  await expect(receipt).toContainText('Tel. 416 555 0199');
  await expect(receipt).toContainText('GST/HST 987654321 RT0001');
  await expect(receipt).toContainText('HST 13%');
  await expect(receipt).toContainText('Visa card ending 4242');
  const [order] = ordersInLog(preview);
  expect(order).toMatchObject({ status: 'paid', total: 2260 });
  await expect(receipt).not.toContainText(order!.payment_intent_id!);
  await expect(receipt).not.toContainText('pi_');
  await receipt.scrollIntoViewIfNeeded();
  await shot(page, 'receipt-own-shop');
});

test('training: start with the demo shop, then a first paid order from its catalog', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await page.getByRole('radio', { name: /Start with the demo shop/ }).check();
  await expect(page.getByLabel('Shop name')).toHaveCount(0); // the demo shop brings its own
  await typeOwner(page);
  await page.getByRole('button', { name: 'Start with the demo shop' }).click();

  await page.getByRole('searchbox', { name: 'Search products' }).fill('boots');
  await page.keyboard.press('Enter');
  await page.getByLabel('Name', { exact: true }).fill('Jane Caller');
  await page.getByLabel('Phone').fill('250 555 0101');
  await expect(page.getByTestId('order-total')).toHaveText('$199.49');
  await typeCard(page, '4242424242424242');
  await payButton(page).click();

  const receipt = page.getByRole('article', { name: /Receipt for order/ });
  await expect(receipt).toContainText('Thompson Valley Safety Supply');
  await expect(receipt).toContainText('Kamloops, BC');
  await expect(receipt).toContainText('GST/HST 123456789 RT0001');
  await expect(receipt).toContainText('GST 5%');
  const [order] = ordersInLog(preview);
  await expect(receipt).not.toContainText(order!.payment_intent_id!);
  await receipt.scrollIntoViewIfNeeded();
  await shot(page, 'receipt-demo-shop');
});
