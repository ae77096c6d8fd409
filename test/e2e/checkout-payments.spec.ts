import { expect, test } from './fixtures';
import { attemptsInLog, clearCard, ordersInLog, payButton, startOrder, stripeFor, typeCard } from './checkout-helpers';
import { signIn } from './sign-in';

test('4242 4242 4242 4242: paid, receipt shown, order paid in SQLite and in Stripe', async ({ page, preview }) => {
  await startOrder(page, preview);
  await expect(page.getByTestId('order-total')).toHaveText('$199.49'); // 189.99 + 5% GST
  await typeCard(page, '4242424242424242');
  await payButton(page).click();

  await expect(page.getByRole('status').filter({ hasText: 'Paid: $199.49' })).toBeVisible();
  await expect(page.getByRole('article', { name: /Receipt for order/ })).toContainText('Steel-toe work boots');
  await expect(page.getByRole('article', { name: /Receipt for order/ })).toContainText('ending 4242');

  const [order] = ordersInLog(preview);
  expect(order).toMatchObject({ status: 'paid', total: 19949 });
  expect(attemptsInLog(preview, order!.id)).toMatchObject([{ attempt_no: 1, status: 'succeeded' }]);
  const intent = await stripeFor(preview).paymentIntents.retrieve(order!.payment_intent_id!);
  expect(intent).toMatchObject({ status: 'succeeded', amount: 19949, currency: 'cad' });
  expect(intent.metadata).toMatchObject({ till_order_id: order!.id, till_order_number: String(order!.number) });

  await page.getByRole('button', { name: 'New order' }).click();
  await expect(page.getByText('Add products from the catalog')).toBeVisible();
});

test('4000 0000 0000 9995: insufficient funds, then the same order paid with 4242', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4000000000009995');
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The card has insufficient funds' })).toBeVisible();

  const [declined] = ordersInLog(preview);
  expect(declined).toMatchObject({ status: 'failed' });
  expect(attemptsInLog(preview, declined!.id)).toMatchObject([
    { attempt_no: 1, status: 'failed', decline_code: 'insufficient_funds' },
  ]);

  await clearCard(page);
  await typeCard(page, '4242424242424242');
  await payButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();

  const orders = ordersInLog(preview);
  expect(orders).toHaveLength(1); // the same order, not a new one
  expect(orders[0]).toMatchObject({ id: declined!.id, status: 'paid' });
  expect(attemptsInLog(preview, declined!.id).map((a) => a.status)).toEqual(['failed', 'succeeded']);
  const intents = await stripeFor(preview).paymentIntents.list({ limit: 10 });
  expect(intents.data).toHaveLength(1); // one PaymentIntent, confirmed twice
  expect(intents.data[0]!.status).toBe('succeeded');
});

test('4000 0025 0000 3155: 3D Secure completed → paid', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4000002500003155');
  await payButton(page).click();
  const challenge = page.frameLocator('iframe[title="3D Secure challenge"]');
  await challenge.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();
  const [order] = ordersInLog(preview);
  expect(order!.status).toBe('paid');
  expect(attemptsInLog(preview, order!.id).map((a) => a.status)).toEqual(['succeeded']);
});

test('4000 0025 0000 3155: 3D Secure failed → a clear message, order open for another card', async ({
  page,
  preview,
}) => {
  await startOrder(page, preview);
  await typeCard(page, '4000002500003155');
  await payButton(page).click();
  const challenge = page.frameLocator('iframe[title="3D Secure challenge"]');
  await challenge.getByRole('button', { name: 'Fail authentication' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'did not complete the bank check (3D Secure). Nothing was charged' }),
  ).toBeVisible();
  const [order] = ordersInLog(preview);
  expect(order!.status).toBe('failed');
  expect(attemptsInLog(preview, order!.id)).toMatchObject([{ status: 'failed' }]);
  await expect(payButton(page)).toBeEnabled();
  // The caller can do the bank check on their own phone instead: a payment link is offered, and says why.
  await expect(page.getByRole('status').filter({ hasText: "The bank's check did not go through" })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send a payment link instead' })).toBeEnabled();
});

test('4000 0000 0000 0002: declined', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4000000000000002');
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The card was declined by the bank' })).toBeVisible();
  const [order] = ordersInLog(preview);
  expect(attemptsInLog(preview, order!.id)).toMatchObject([{ status: 'failed', decline_code: 'generic_decline' }]);
});

test('an expired card and a wrong CVC are explained', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4000000000000069');
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The card has expired' })).toBeVisible();

  await clearCard(page);
  await typeCard(page, '4000000000000127');
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'security code (CVC) is incorrect' })).toBeVisible();

  const [order] = ordersInLog(preview);
  expect(attemptsInLog(preview, order!.id).map((a) => a.error_code)).toEqual(['expired_card', 'incorrect_cvc']);
});

test('keyboard only: search, add, quantity, details, card, pay', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.keyboard.press('F2');
  await page.keyboard.type('glove');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Quantity of Cut-resistant gloves')).toHaveValue('1');
  await page.keyboard.press('Control+ArrowUp'); // 2 pairs
  await page.keyboard.press('F2');
  await page.keyboard.type('vest');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Cart' })).toContainText('Cut-resistant gloves');
  await expect(page.getByLabel('Quantity of Cut-resistant gloves')).toHaveValue('2');
  // 2 × 14.95 + 18.95 = 48.85, GST 2.44 → 51.29
  await expect(page.getByTestId('order-total')).toHaveText('$51.29');

  await page.getByLabel('Name', { exact: true }).focus();
  await page.keyboard.type('Sam Keyboard');
  await page.keyboard.press('Tab');
  await page.keyboard.type('250-555-0199');
  await page.getByLabel('Note').focus();
  await page.keyboard.press('Tab'); // into the card form
  await page.keyboard.type('4242424242424242');
  await page.keyboard.type('1234');
  await page.keyboard.type('123');
  const postal = page.frameLocator('.card-form iframe').getByLabel('Postal code');
  if (await postal.count()) await page.keyboard.type('V2C1A1');
  // Keys typed inside the card iframe stay there (it is another origin): Tab leaves the card form for Pay.
  await page.keyboard.press('Tab');
  await expect(payButton(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Paid: $51.29' })).toBeVisible();
  expect(ordersInLog(preview)[0]).toMatchObject({ status: 'paid', total: 5129 });
});

test('a double-clicked Pay charges once', async ({ page, preview }) => {
  await startOrder(page, preview);
  await typeCard(page, '4242424242424242');
  await payButton(page).dblclick();
  await expect(page.getByRole('status').filter({ hasText: 'Paid:' })).toBeVisible();
  const intents = await stripeFor(preview).paymentIntents.list({ limit: 10 });
  expect(intents.data).toHaveLength(1);
  expect(ordersInLog(preview)).toHaveLength(1);
  const [order] = ordersInLog(preview);
  expect(attemptsInLog(preview, order!.id)).toHaveLength(1);
});
