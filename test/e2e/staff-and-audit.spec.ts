import type { Page } from '@playwright/test';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { payButton, takeOrderDetails, typeCard } from './checkout-helpers';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

/** The owner's side of staff: adding a clerk on the Staff page, and reading back what everyone did in the audit log. */
test.use({ viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.TILL_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
};

async function switchUser(page: Page, name: string, pin: string) {
  await page.getByRole('button', { name: 'Switch user' }).click();
  await signIn(page, name, pin);
}

test('the owner adds a clerk on the Staff page, the clerk takes a payment, and the audit log shows who did what', async ({
  page,
  preview,
}) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByRole('link', { name: 'Staff' }).click();

  // Adding someone: a wrong own PIN is refused next to its field, the right one adds them.
  await page.getByRole('button', { name: 'Add a staff member' }).click();
  const form = page.getByRole('form', { name: 'Add a staff member' });
  await form.getByLabel('Name').fill('Sam');
  await form.getByLabel('Their PIN (4 to 6 digits)').fill('1357');
  await form.getByLabel('Their PIN again').fill('1357');
  await form.getByLabel('Your PIN, to confirm').fill('9999');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.getByRole('alert')).toContainText('That PIN is not right');
  await form.getByLabel('Your PIN, to confirm').fill(TEST_OWNER_PIN);
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sam can now sign in.' })).toBeVisible();
  const staff = page.getByRole('table', { name: 'Staff' });
  await expect(staff.getByRole('row', { name: /Sam Clerk Can sign in/ })).toBeVisible();
  await shot(page, 'staff-page');

  // The last owner cannot be made a clerk: main says why.
  await page.getByRole('button', { name: 'Change Owner' }).click();
  const change = page.getByRole('form', { name: 'Change Owner' });
  await change.getByLabel('Role').selectOption('clerk');
  await change.getByLabel('Your PIN, to confirm').fill(TEST_OWNER_PIN);
  await change.getByRole('button', { name: 'Save changes' }).click();
  await expect(change.getByRole('alert')).toContainText('Till needs an owner who can sign in');
  await change.getByRole('button', { name: 'Cancel' }).click();

  // Sam takes a phone order at Checkout.
  await page.goto(`${preview.server.origin}/#/checkout`);
  await switchUser(page, 'Sam', '1357');
  await takeOrderDetails(page);
  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();
  await expect(page.getByText('Served by Sam')).toBeVisible();

  // The owner reads it back: the history names Sam, and the audit log lists who did what, from which window.
  await switchUser(page, 'Owner', TEST_OWNER_PIN);
  await page.goto(`${preview.server.origin}/#/history`);
  await expect(page.getByRole('table', { name: 'Orders' }).getByRole('row').nth(1)).toContainText('Sam');
  await page.getByLabel('Taken by').selectOption({ label: 'Sam' });
  await expect(page.getByRole('table', { name: 'Orders' }).getByRole('row')).toHaveCount(2);

  await page.getByRole('link', { name: 'Audit log' }).click();
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit.getByRole('row', { name: /Sam Took a payment Checkout #\d+/ })).toBeVisible();
  await expect(audit.getByRole('row', { name: /Sam Signed in Checkout/ })).toBeVisible();
  await expect(audit.getByRole('row', { name: /Owner Added a staff member Staff/ })).toBeVisible();
  await expect(audit.getByRole('row', { name: /Owner Typed a wrong PIN Staff/ })).toBeVisible();
  await expect(page.getByTestId('audit-chain')).toContainText('entries are as Till wrote them');
  await shot(page, 'audit-log');

  await page.getByLabel('What').selectOption({ label: 'Payments' });
  await expect(audit.getByRole('row')).toHaveCount(2);
  await page.getByLabel('What').selectOption({ label: 'Everything' });
  await page.getByLabel('Who').selectOption({ label: 'Sam' });
  await expect(audit.getByRole('row', { name: /Owner/ })).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^Till-audit-\d{4}-\d{2}-\d{2}\.csv$/);
});
