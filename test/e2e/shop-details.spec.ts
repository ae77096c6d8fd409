import type { Page } from '@playwright/test';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { payButton, takeOrderDetails, typeCard } from './checkout-helpers';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

test.use({ viewport: { width: 1366, height: 768 } });
// An scrypt hash of the PIN per change, then a payment: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 60_000 });

const SHOTS = process.env.TILL_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

test('the owner moves the shop: the new address is refused without the PIN, saved with it, and on the next receipt', async ({
  page,
  preview,
}) => {
  await page.goto(preview.server.url); // the link with its one-time token
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByText('Payment settings').click();
  const form = page.getByRole('form', { name: 'Shop details' });
  const address = form.getByLabel(/^Address/);
  await expect(address).toHaveValue(/Kamloops, BC/);
  await expect(form.getByTestId('shop-currency')).toContainText('Currency: CAD. It stays as set up');

  const save = form.getByRole('button', { name: 'Save shop details' });
  await address.fill('88 Lorne St\nKamloops, BC V2C 1W2');
  await save.click();
  const pin = page.getByLabel('Your PIN, to change these settings');
  await expect(pin).toHaveAccessibleDescription('Type your PIN to confirm.');

  await pin.fill(TEST_OWNER_PIN);
  await address.fill('');
  await save.click();
  await expect(address).toHaveAccessibleDescription("Enter the shop's address");
  await shot(page, 'shop-details-error');

  await address.fill('88 Lorne St\nKamloops, BC V2C 1W2');
  await save.click();
  await expect(form.getByRole('status')).toHaveText(/The shop details are saved/);
  await shot(page, 'shop-details-saved');

  await page.goto(`${preview.server.origin}/#/checkout`); // still signed in: the same session
  await takeOrderDetails(page);
  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  const receipt = page.getByRole('article', { name: /Receipt for order/ });
  await expect(receipt).toContainText('88 Lorne St');
  await expect(receipt).toContainText('Kamloops, BC V2C 1W2');
  await expect(receipt).toContainText('Thompson Valley Safety Supply');
});
