import { expect, type Page } from '@playwright/test';
import Stripe from 'stripe';
import type { RunningPreview } from '../support/preview';
import { signIn } from './sign-in';

/** A clerk starting a phone order: opens Checkout, signs in, and takes the order (`takeOrderDetails`). */
export async function startOrder(page: Page, preview: RunningPreview, search = 'boots') {
  await page.goto(preview.server.url);
  await signIn(page);
  await takeOrderDetails(page, search);
}

/** On an open, signed-in Checkout: finds a product by typing, adds it with Enter, takes the caller's details. */
export async function takeOrderDetails(page: Page, search = 'boots') {
  await page.getByRole('searchbox', { name: 'Search products' }).fill(search);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Cart' }).getByRole('row')).toHaveCount(2);
  await page.getByLabel('Name', { exact: true }).fill('Jane Caller');
  await page.getByLabel('Phone').fill('250 555 0101');
}

/** Types a card into the card form's iframe, key by key as a clerk would. */
export async function typeCard(page: Page, number: string, expiry = '12 / 34', cvc = '123', postal = 'V2C 1A1') {
  const card = page.frameLocator('.card-form iframe');
  await card.getByLabel('Card number').pressSequentially(number);
  await card.getByLabel('Expiration date').pressSequentially(expiry.replace(/\D/g, ''));
  await card.getByLabel('Security code').pressSequentially(cvc);
  const postalField = card.getByLabel('Postal code');
  if (await postalField.count()) await postalField.pressSequentially(postal);
}

export async function clearCard(page: Page) {
  const card = page.frameLocator('.card-form iframe');
  for (const label of ['Card number', 'Expiration date', 'Security code', 'Postal code']) {
    const field = card.getByLabel(label);
    if (await field.count()) await field.fill('');
  }
}

export const payButton = (page: Page) => page.getByRole('button', { name: /^Pay/ });

/** What the order log says about the orders, newest first. */
export function ordersInLog(preview: RunningPreview) {
  return preview.till.db
    .prepare<[], { id: string; number: number; status: string; total: number; payment_intent_id: string | null }>(
      'SELECT id, number, status, total, payment_intent_id FROM orders ORDER BY number DESC',
    )
    .all();
}

export function attemptsInLog(preview: RunningPreview, orderId: string) {
  return preview.till.db
    .prepare<
      [string],
      {
        attempt_no: number;
        status: string;
        decline_code: string | null;
        error_code: string | null;
        idempotency_key: string;
      }
    >(
      'SELECT attempt_no, status, decline_code, error_code, idempotency_key FROM payment_attempts WHERE order_id = ? ORDER BY attempt_no',
    )
    .all(orderId);
}

/** stripe-node on the simulator's secret key: what Stripe itself says. */
export function stripeFor(preview: RunningPreview) {
  const simulator = preview.training!.simulator;
  return new Stripe(simulator.keys.secret, {
    host: '127.0.0.1',
    port: simulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
}
