import { expect, type Page } from '@playwright/test';
import { TEST_OWNER_PIN } from '../support/demo-shop';

/**
 * Signs in on the lock screen as a person at the counter does: their name from the list, their PIN, Enter. The lock
 * screen is what every window of a set-up Till opens on, and what it returns to after "Switch user" or the auto-lock.
 */
export async function signIn(page: Page, name = 'Owner', pin = TEST_OWNER_PIN): Promise<void> {
  const lock = page.getByRole('dialog', { name: 'Who is at the till?' });
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name, exact: true }).click();
  await lock.getByLabel('PIN').fill(pin);
  await lock.getByLabel('PIN').press('Enter');
  await expect(lock).toBeHidden();
}
