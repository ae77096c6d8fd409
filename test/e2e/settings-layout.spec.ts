/**
 * The owner's settings on the shop PC's usual screen (1366×768): opened, they sit side by side in columns across
 * the window, so every one of them is reached with at most one scroll and the history follows right after.
 */
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

test.use({ viewport: { width: 1366, height: 768 } });

test('the settings open in columns across the window, every one within a scroll', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByText('Payment settings').click();
  // Every section has its content: the backups' status comes from main a moment after the panel opens.
  await expect(page.getByTestId('backup-last-good')).toBeVisible();

  const top = async (name: string) => (await page.getByRole('heading', { name }).boundingBox())!.y;
  // The shop's details and the Stripe keys start level with each other, beside the counter's own settings.
  expect(Math.abs((await top('Shop details')) - (await top('Stripe keys')))).toBeLessThan(4);
  const moto = (await page.getByText(/Mark phone payments as MOTO/).boundingBox())!;
  const shop = (await page.getByRole('heading', { name: 'Shop details' }).boundingBox())!;
  expect(shop.x).toBeGreaterThan(moto.x + moto.width - 1);

  // The last setting of the longest column is within one screen's scroll, and the history's search right after.
  const lastButton = (await page.getByRole('button', { name: 'Save shop details' }).boundingBox())!;
  expect(lastButton.y + lastButton.height).toBeLessThan(2 * 768);
  const search = (await page.getByPlaceholder(/Order #, customer/).boundingBox())!;
  expect(search.y).toBeLessThan(2 * 768);
  await page.screenshot({ path: test.info().outputPath('settings-1366x768.png') });
});
