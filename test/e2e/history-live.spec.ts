import { payButton, startOrder, typeCard } from './checkout-helpers';
import { expect, test } from './fixtures';

test('an open Order history window shows a payment as soon as it is taken', async ({ page, preview, context }) => {
  const history = await context.newPage();
  await startOrder(page, preview); // sets the session cookie for both tabs, and signs in on the lock screen
  await history.goto(`${preview.server.origin}/#/history`);
  await expect(history.getByRole('heading', { name: 'No orders yet' })).toBeVisible();

  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();

  const row = history.getByRole('row').filter({ hasText: 'Jane Caller' });
  await expect(row).toContainText('Paid');
  await expect(row).toContainText('$199.49');
});
