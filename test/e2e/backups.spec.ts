/**
 * The owner's automatic backups in Payment settings, in the browser preview: a folder (the preview's stands in for
 * the folder dialog: TILL_BACKUP_DIR), a backup that fails while the stick is out, and a restore that restarts Till
 * on the backup and brings back from Stripe the payment taken after it.
 */
import { test as base, expect } from '@playwright/test';
import { mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLogger } from '#core/log';
import { startTillHost, type TillHost } from '#core/till-host';
import { createFileKeyVault } from '../../src/web/file-key-vault';
import { startPreviewServer, type PreviewServer } from '../../src/web/preview-server';
import { previewShell } from '../../src/web/preview-shell';
import { setUpDemoShop, TEST_OWNER_PIN } from '../support/demo-shop';
import type { RunningPreview } from '../support/preview';
import { tempDir } from '../support/temp-dir';
import { signIn } from './sign-in';
import { takeOrder } from './take-order';

const SHOTS = process.env.TILL_SHOTS_DIR;

interface BackupPreview {
  host: TillHost;
  server: PreviewServer;
  folder: string;
}

const test = base.extend<{ backupPreview: BackupPreview }>({
  // eslint-disable-next-line no-empty-pattern
  backupPreview: async ({}, use) => {
    const dir = tempDir('till-backups-e2e-');
    const folder = join(dir.path, 'USB stick');
    mkdirSync(folder);
    process.env.TILL_BACKUP_DIR = folder;
    const dataDir = join(dir.path, 'Till');
    const host = await startTillHost({
      dataDir,
      version: '0.0.0-test',
      env: {},
      vault: createFileKeyVault(dataDir),
      shell: previewShell,
      logger: createLogger({ level: 'silent' }),
      background: true,
    });
    await setUpDemoShop(host.till.handlers);
    const server = await startPreviewServer({
      till: host,
      rendererDir: resolve('out/renderer'),
      bridgeFile: resolve('out/web/bridge.js'),
      payments: () => host.payments(),
    });
    await use({ host, server, folder });
    await server.close();
    await host.close();
    delete process.env.TILL_BACKUP_DIR;
    dir.cleanup();
  },
});

test.use({ viewport: { width: 1366, height: 768 } });

test('the owner picks a backup folder, sees a failed backup, and restores a backup from inside Till', async ({
  page,
  backupPreview: { host, server, folder },
}) => {
  test.setTimeout(90_000);
  const counter = { till: host.till, training: host.training } as RunningPreview;
  await takeOrder(counter, 'Before Backup', '4242424242424242');

  await page.goto(server.url);
  await signIn(page);
  await page.goto(`${server.origin}/#/history`);
  await page.getByText('Payment settings').click();
  await page.getByLabel('Your PIN, to change these settings').fill(TEST_OWNER_PIN);
  await page.getByRole('button', { name: 'Choose a backup folder…' }).click();
  await expect(page.getByTestId('backup-folder')).toHaveText(`Backups go to ${folder}.`);
  await expect(page.getByLabel('Back up every day and when Till quits')).toBeChecked();
  await expect(page.getByTestId('backup-last-good')).toContainText('Last good backup:');
  const rows = page.locator('.backup-list tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('td').nth(1)).toHaveText('1');
  await page.getByLabel('Backups kept').selectOption('7');
  await expect(page.getByLabel('Backups kept')).toHaveValue('7');

  // After the backup: a payment the backup does not have.
  const later = await takeOrder(counter, 'After Backup', '4242424242424242');

  // The stick is pulled: "Back up now" says so, and Till goes on.
  renameSync(folder, `${folder} (out)`);
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-last-error')).toContainText('is not there');
  await page.getByTestId('backup-last-error').scrollIntoViewIfNeeded();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/backup-failed.png` });
  // Put back, the stick's backups are listed again.
  renameSync(`${folder} (out)`, folder);
  await page.getByRole('button', { name: 'Look again' }).click();
  await expect(rows).toHaveCount(1);

  await page.getByRole('button', { name: /^Restore the backup of / }).click();
  await expect(page.getByTestId('restore-warning')).toContainText('kept aside, not deleted');
  await page.getByTestId('restore-warning').scrollIntoViewIfNeeded();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/backup-restore-confirm.png` });
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Restore and restart' }).click();
  await reloaded;

  // Till restarted on the backup, the owner still signed in; Stripe gives back the later payment for review.
  await expect
    .poll(() => host.till.db.prepare('SELECT review_reason FROM orders WHERE id = ?').pluck().get(later.orderId), {
      timeout: 30_000,
    })
    .toMatch(/^Restored from Stripe/);
  await expect(page.getByRole('row').filter({ hasText: 'review' })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/backup-restored-history.png` });
  await page.getByText('Payment settings').click();
  await expect(page.getByTestId('backup-restored')).toContainText('The order log in use before is kept as');
  await page.getByTestId('backup-restored').scrollIntoViewIfNeeded();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/backup-restored.png` });
});
