import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ordersInLog, payButton, startOrder, typeCard, takeOrderDetails } from './checkout-helpers';

const cardNumber = (page: Page) => page.frameLocator('.card-form iframe').getByLabel('Card number');

/** Each order gets its own card form: the next caller never sees, or is charged on, the last caller's card. */
test('after a paid order, the new order starts with an empty card form', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  await expect(page.getByRole('article', { name: /Receipt for order/ })).toContainText('ending 4242');

  await page.getByRole('button', { name: 'New order' }).click();
  await expect(page.getByText('Add products from the catalog')).toBeVisible();
  await expect(cardNumber(page)).toHaveValue('');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
});

test('after a declined card and Cancel order, the new order starts with an empty card form', async ({
  page,
  preview,
}) => {
  await startOrder(page, preview);
  await typeCard(page, '4000000000000002');
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The card was declined by the bank' })).toBeVisible();
  await expect(cardNumber(page)).not.toHaveValue('');

  await page.getByRole('button', { name: 'Cancel order' }).click();
  await expect(page.getByText('Add products from the catalog')).toBeVisible();
  await expect(cardNumber(page)).toHaveValue('');
  expect(ordersInLog(preview)[0]).toMatchObject({ status: 'canceled' });

  // The fresh form takes the next caller's card for a new order (the clerk is still signed in).
  await takeOrderDetails(page, 'gloves');
  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();
  expect(ordersInLog(preview).map((order) => order.status)).toEqual(['paid', 'canceled']);
});
