import { randomBytes, randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

test('Checkout shows the demo catalog as it is in SQLite', async ({ page, preview }) => {
  // Change the catalog behind the app's back: only a page that reads SQLite can show these.
  const marker = randomBytes(4).toString('hex');
  const now = Date.now();
  preview.till.db
    .prepare(`UPDATE products SET name = ?, unit_price = 3150 WHERE sku = 'HH-100'`)
    .run(`Hard hat, Type 1 Class E (${marker})`);
  preview.till.db
    .prepare(
      `INSERT INTO products (id, sku, name, unit_price, currency, tax_class, created_at, updated_at)
       VALUES (?, ?, ?, 1234, 'CAD', 'standard', ?, ?)`,
    )
    .run(randomUUID(), `T-${marker}`, `Test product ${marker}`, now, now);

  await page.goto(preview.server.url);
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  const products = page.getByRole('listbox', { name: 'Products' });
  await expect(products.getByText(`Hard hat, Type 1 Class E (${marker})`)).toBeVisible();
  await expect(products.getByText('$31.50')).toBeVisible();
  await expect(products.getByText(`Test product ${marker}`)).toBeVisible();
  await expect(products.getByText('Steel-toe work boots')).toBeVisible();
  // Archived products are not for sale.
  await expect(products.getByText('Welding goggles')).toHaveCount(0);
  await expect(products.getByRole('option')).toHaveCount(14);
  await expect(page.getByText('Training mode')).toBeVisible();
  await expect(page.getByTestId('event-health')).toContainText('Events: Stripe Events API · connected');
});

test('typing in the search narrows the catalog', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await page.getByRole('searchbox', { name: 'Search products' }).fill('glove');
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(1);
  await expect(page.getByText('Cut-resistant gloves')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search products' }).fill('no such thing');
  await expect(page.getByText('No product matches “no such thing”.')).toBeVisible();
});

test('Order history opens from Checkout and shows the honest empty state', async ({ page, preview, context }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  const [history] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Order history' }).click(),
  ]);
  await expect(history.getByRole('heading', { name: 'Order history' })).toBeVisible();
  await expect(history.getByRole('heading', { name: 'No orders yet' })).toBeVisible();
});

test('the page cannot use the bridge without the launch token', async ({ page, preview }) => {
  const response = await page.goto(preview.server.origin + '/');
  expect(response?.status()).toBe(401);
});
