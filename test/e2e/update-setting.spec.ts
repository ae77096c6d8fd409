import { TEST_OWNER_PIN } from '../support/demo-shop';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

test.use({ viewport: { width: 1366, height: 768 } });

test('the owner turns on Check for updates with their PIN; it is off until then and stays on', async ({
  page,
  preview,
}) => {
  await page.goto(preview.server.url); // the link with its one-time token
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByText('Payment settings').click();
  const updates = page.getByRole('checkbox', { name: /Check for updates/ });
  await expect(updates).not.toBeChecked();

  await updates.click(); // refused without the PIN: the box stays as it was
  const pin = page.getByLabel('Your PIN, to change these settings');
  await expect(pin).toHaveAccessibleDescription('Type your PIN to confirm.');
  await expect(updates).not.toBeChecked();

  await pin.fill(TEST_OWNER_PIN);
  await updates.click(); // main saves it, then the box shows it
  await expect(updates).toBeChecked();
  if (process.env.TILL_SHOTS_DIR) await page.screenshot({ path: `${process.env.TILL_SHOTS_DIR}/update-setting.png` });

  await page.reload();
  await page.getByText('Payment settings').click();
  await expect(page.getByRole('checkbox', { name: /Check for updates/ })).toBeChecked();
});
