/**
 * The owner pastes Stripe keys in Payment settings, in the browser preview. A second simulator plays the shop's Stripe
 * account (the preview reaches it as TILL_STRIPE_API_BASE would), so Till's checks meet Stripe's own answers.
 */
import { test as base, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { startSimulator, type RunningSimulator } from '@till/stripe-simulator';
import { createLogger } from '#core/log';
import { startTillHost, type TillHost } from '#core/till-host';
import { createFileKeyVault } from '../../src/web/file-key-vault';
import { startPreviewServer, type PreviewServer } from '../../src/web/preview-server';
import { previewShell } from '../../src/web/preview-shell';
import { tempDir } from '../support/temp-dir';
import { setUpOwnShop, TEST_OWNER_PIN } from '../support/demo-shop';
import { signIn } from './sign-in';

const SHOTS = process.env.TILL_SHOTS_DIR;

interface KeysPreview {
  stripe: RunningSimulator;
  host: TillHost;
  server: PreviewServer;
}

const test = base.extend<{ keysPreview: KeysPreview }>({
  // eslint-disable-next-line no-empty-pattern
  keysPreview: async ({}, use) => {
    const dir = tempDir('till-keys-e2e-');
    const stripe = await startSimulator({ port: 0, accountName: 'Kamloops Test Shop', strictKeys: true });
    const host = await startTillHost({
      dataDir: dir.path,
      version: '0.0.0-test',
      env: {},
      vault: createFileKeyVault(dir.path),
      shell: previewShell,
      logger: createLogger({ level: 'silent' }),
      stripeApiBase: stripe.url,
      background: true,
    });
    // The owner's own shop (not the demo shop): it goes with them to the test account's order log.
    await setUpOwnShop(host.till.handlers);
    const server = await startPreviewServer({
      till: host,
      rendererDir: resolve('out/renderer'),
      bridgeFile: resolve('out/web/bridge.js'),
      payments: () => host.payments(),
    });
    await use({ stripe, host, server });
    await server.close();
    await host.close();
    await stripe.close();
    dir.cleanup();
  },
});

test.use({ viewport: { width: 1366, height: 768 } });

test('pasted keys are checked with Stripe: mixed modes and a missing permission are named, good keys switch to Test', async ({
  page,
  keysPreview: { stripe, server },
}) => {
  await page.goto(server.url);
  await signIn(page);
  await page.goto(`${server.origin}/#/history`);
  await expect(page.getByRole('status').filter({ hasText: 'Training mode' })).toBeVisible();
  await page.getByText('Payment settings').click();
  await page.getByLabel('Your PIN, to change these settings').fill(TEST_OWNER_PIN);
  await expect(page.getByTestId('keys-in-use')).toContainText('training mode');
  await expect(page.getByTestId('keys-storage-warning')).toContainText('unencrypted');

  const publishable = page.getByLabel(/^Publishable key/);
  const secret = page.getByLabel(/^Secret or restricted key/);
  const save = page.getByRole('button', { name: 'Check and save keys' });

  await publishable.fill('pk_live_51AbCdEfGhIjKlMnOpQrStUv');
  await secret.fill(stripe.keys.secret);
  await save.click();
  await expect(page.getByRole('alert')).toHaveText(
    'The secret key is a test key but the publishable key is a live key; use a matching pair.',
  );
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/keys-mixed-modes.png` });

  const noRefunds = stripe.admin.mintRestrictedKey([
    'rak_payment_intent_write',
    'rak_confirmation_token_read',
    'rak_event_read',
    'rak_dispute_read',
    'rak_checkout_session_write',
    'rak_charge_read',
    'rak_balance_read',
    'rak_payout_read',
  ]);
  await publishable.fill(stripe.keys.publishable);
  await secret.fill(noRefunds);
  await save.click();
  await expect(page.getByRole('alert')).toContainText('This restricted key cannot write Refunds.');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/keys-no-refunds.png` });

  await secret.fill(stripe.keys.secret);
  await save.click();
  // The page reloads on the test account's own order log; the owner who saved the keys is still signed in there.
  await expect(page.getByRole('status').filter({ hasText: 'Test mode' })).toHaveText(
    /Test mode — Stripe account “Kamloops Test Shop”/,
  );
  await expect(page.getByTestId('order-log')).toContainText(`till-${stripe.context.accountId}-test.sqlite`);
  await expect(page.locator('.training-banner')).toHaveCount(0);
  await page.getByText('Payment settings').click();
  await expect(page.getByTestId('keys-in-use')).toContainText(
    `Test mode, Stripe account “Kamloops Test Shop” (${stripe.context.accountId}): secret key sk_test_…${stripe.keys.secret.slice(-4)}`,
  );
  expect(await page.content()).not.toContain(stripe.keys.secret);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/keys-test-mode.png` });
  await page.goto(`${server.origin}/#/checkout`);
  await expect(page.getByRole('status').filter({ hasText: 'Test mode' })).toContainText('Kamloops Test Shop');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/keys-test-checkout.png` });
  await page.goto(`${server.origin}/#/history`);
  await page.getByText('Payment settings').click();
  // The shop came with its owner PIN: the same PIN guards the test log's settings.
  await page.getByLabel('Your PIN, to change these settings').fill(TEST_OWNER_PIN);

  await page.getByRole('button', { name: 'Remove keys (back to training mode)' }).click();
  // Back on the training log, still signed in: the owner's sign-in follows a switch of keys.
  await expect(page.getByRole('status').filter({ hasText: 'Training mode' })).toBeVisible();
  await expect(page.getByTestId('order-log')).toContainText('till.sqlite');
});
