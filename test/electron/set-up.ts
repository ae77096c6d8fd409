import { expect, type Page } from '@playwright/test';

/** The set-up screen of a fresh order log, answered as a new owner trying Till in training mode answers it. */
export async function setUpDemoShopOnScreen(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Set up Till' })).toBeVisible();
  await page.getByRole('radio', { name: /Start with the demo shop/ }).check();
  await page.getByLabel("Owner's name").fill('Owner');
  await page.getByLabel('Owner PIN (4 to 6 digits)').fill('2468');
  await page.getByLabel('The same PIN again').fill('2468');
  await page.getByRole('button', { name: 'Start with the demo shop' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
}
