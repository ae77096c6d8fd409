import { TEST_OWNER_PIN } from '../support/demo-shop';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

test('the owner switches the event source to the Stripe CLI and the status bar follows', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await expect(page.getByTestId('event-health')).toContainText('Stripe Events API · connected');
  await page.getByText('Payment settings').click();
  // Set-up (the fixture's, with the demo shop) set the owner PIN: the settings change only with it.
  await page.getByLabel('Your PIN, to change these settings').fill(TEST_OWNER_PIN);
  await page.getByLabel('Event source').selectOption('stripe_cli');
  // The real `stripe listen` starts against the simulator and reports Ready.
  await expect(page.getByTestId('event-health')).toContainText('Stripe CLI · connected', { timeout: 15_000 });
  const stored = preview.till.db.prepare("SELECT value FROM settings WHERE key = 'payments'").pluck().get();
  expect(JSON.parse(stored as string)).toMatchObject({ eventSource: 'stripe_cli' });
});
