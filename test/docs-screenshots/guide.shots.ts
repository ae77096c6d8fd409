import type { Locator, Page } from '@playwright/test';
import { resolve } from 'node:path';
import type { TillApi } from '#shared/till-api';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { payButton, takeOrderDetails, typeCard } from '../e2e/checkout-helpers';
import { expect, test } from '../e2e/fixtures';
import { catchUpEvents, refundAsOwner } from '../e2e/owner-day';
import { signIn } from '../e2e/sign-in';
import { takeOrder } from '../e2e/take-order';

/**
 * The pictures in docs/user-guide.md, taken by `npm run docs:screenshots` from the browser preview in training mode
 * (the demo shop, Stripe's test cards against the simulator). Each waits for what the guide describes before it
 * shoots, so a picture never shows a half-drawn screen; the behaviour itself is asserted by the specs in test/e2e.
 */
const imagesDir = resolve('docs/images');

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  // No blinking caret or half-finished transition in a picture that is regenerated on every run.
  await page.screenshot({ path: `${imagesDir}/${name}.png`, animations: 'disabled', caret: 'hide', ...options });
}

const orderDetail = (page: Page, orderNumber: number): Locator =>
  page.getByRole('complementary', { name: `Order #${orderNumber}` });

test.describe('a new order log', () => {
  test.use({ setup: 'none' });

  test('first start: the set-up screen', async ({ page, preview }) => {
    await page.goto(preview.server.url);
    const form = page.getByRole('form', { name: 'Set up Till' });
    await expect(form).toBeVisible();
    await page.getByLabel('Shop name').fill('Lakeside Hardware');
    await page.getByLabel('Address (as printed, one line per line)').fill('12 Front St W\nToronto, ON M5J 2N1');
    await page.getByLabel('Phone').fill('416 555 0199');
    await page.getByRole('combobox', { name: 'Start from' }).selectOption({ label: 'Ontario: HST 13%' });
    await page.getByLabel("Owner's name").fill('Dana Lake');
    await page.getByLabel('Owner PIN (4 to 6 digits)').fill('135790');
    await page.getByLabel('The same PIN again').fill('135790');
    // The top of the form, where a new owner starts; typing the PIN scrolled its panel to the bottom.
    await page.getByLabel('Shop name').blur();
    // Runs in the page; the Node-side tsconfig has no DOM types, hence the narrow shape.
    await form.evaluate((element) =>
      (element as unknown as { scrollIntoView(options: { block: string }): void }).scrollIntoView({ block: 'start' }),
    );
    await shoot(page, 'set-up');
  });
});

test('signing in and taking a phone order, with 3D Secure', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  const lock = page.getByRole('dialog', { name: 'Who is at the till?' });
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name: 'Owner', exact: true }).click();
  await lock.getByLabel('PIN').fill(TEST_OWNER_PIN);
  await shoot(page, 'sign-in');
  await lock.getByLabel('PIN').press('Enter');
  await expect(lock).toBeHidden();

  await takeOrderDetails(page);
  await page.getByLabel('Email').fill('jane@example.com');
  await typeCard(page, '4000002500003155');
  await shoot(page, 'checkout');

  await payButton(page).click();
  const challenge = page.frameLocator('iframe[title="3D Secure challenge"]');
  await expect(challenge.getByRole('button', { name: 'Complete authentication' })).toBeVisible();
  await shoot(page, '3d-secure');
  await challenge.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();
  await shoot(page, 'paid');
});

test('a payment link instead of a card', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.evaluate(
    (pin) =>
      (globalThis as unknown as { till: TillApi }).till.settings.update({
        linkReturnUrl: 'https://shop.example/thanks',
        pin,
      }),
    TEST_OWNER_PIN,
  );
  await takeOrderDetails(page);
  await page.getByRole('button', { name: 'Send a payment link instead' }).click();
  const panel = page.getByRole('region', { name: 'Payment link' });
  await expect(panel.getByRole('status')).toContainText('Waiting for the customer to pay');
  await shoot(page, 'payment-link');
});

test('the owner’s side: history, an order, a refund, a dispute, the end of day, settings', async ({
  page,
  preview,
}) => {
  const ada = await takeOrder(preview, 'Ada Lovelace', '4242424242424242', { note: 'Leave at the side door' });
  await takeOrder(preview, 'Bob Builder', '4000000000000002'); // declined
  await takeOrder(preview, 'Cara Dune', '5555555555554444', { quantity: 2 });
  const disputed = await takeOrder(preview, 'Drew Dispute', '4000000000000259'); // disputed by the bank
  const erin = await takeOrder(preview, 'Erin Return', '4242424242424242');
  await refundAsOwner(preview, ada.orderId, 4_949);
  await catchUpEvents(preview);

  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  const rows = page.getByRole('table', { name: 'Orders' }).getByRole('row');
  await expect(rows).toHaveCount(6);
  await expect(page.locator('.daily-chart canvas')).toBeVisible();
  await shoot(page, 'history');

  await page.getByRole('button', { name: `#${ada.orderNumber}` }).click();
  await expect(orderDetail(page, ada.orderNumber).getByRole('heading', { level: 2 })).toBeVisible();
  await shoot(page, 'order-detail');

  await page.getByRole('button', { name: `#${erin.orderNumber}` }).click();
  const erinDetail = orderDetail(page, erin.orderNumber);
  await erinDetail.getByRole('button', { name: 'Refund…' }).click();
  const refund = erinDetail.getByRole('form', { name: 'Refund' });
  await refund.getByLabel('Amount').fill('50');
  await refund.getByLabel('Why').selectOption({ label: 'Customer asked' });
  await refund.getByLabel('Your PIN').fill(TEST_OWNER_PIN);
  await refund.scrollIntoViewIfNeeded();
  await shoot(page, 'refund');

  await page.getByRole('button', { name: `#${disputed.orderNumber}` }).click();
  const disputeDetail = orderDetail(page, disputed.orderNumber);
  await expect(disputeDetail.getByRole('heading', { level: 2 })).toContainText('Disputed');
  const evidence = disputeDetail.getByRole('button', { name: 'Dispute evidence (PDF)' });
  await evidence.scrollIntoViewIfNeeded();
  await shoot(page, 'dispute');

  await page.getByRole('link', { name: 'End of day' }).click();
  const report = page.getByRole('article', { name: /^End of day/ });
  await expect(report.getByRole('table', { name: 'Day totals' })).toBeVisible();
  await expect(report.getByRole('table', { name: 'By card' })).toContainText('Mastercard');
  await shoot(page, 'end-of-day');

  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByText('Payment settings').click();
  await expect(page.getByLabel('Your PIN, to change these settings')).toBeVisible();
  await shoot(page, 'payment-settings');
});

test('staff and the catalog', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add a staff member' }).click();
  const form = page.getByRole('form', { name: 'Add a staff member' });
  await form.getByLabel('Name').fill('Sam');
  await form.getByLabel('Their PIN (4 to 6 digits)').fill('1357');
  await form.getByLabel('Their PIN again').fill('1357');
  await form.getByLabel('Your PIN, to confirm').fill(TEST_OWNER_PIN);
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sam can now sign in.' })).toBeVisible();
  await shoot(page, 'staff');

  await page.goto(`${preview.server.origin}/#/catalog`);
  await expect(page.getByRole('heading', { name: 'Catalog' })).toBeVisible();
  await shoot(page, 'catalog');
});
