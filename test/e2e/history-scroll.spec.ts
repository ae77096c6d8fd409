import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

const ORDERS = 2_000;

test('the owner scrolls a long history to its first order; rows load as they come into view', async ({
  page,
  preview,
}) => {
  test.setTimeout(90_000);
  // Two thousand paid orders, an hour apart, written straight into the preview's order log.
  const db = preview.till.db;
  const insert = db.prepare(
    `INSERT INTO orders (id, number, status, payment_state, currency, subtotal, tax_total, total, customer_name,
                         created_at, updated_at, paid_at)
     VALUES (?, ?, 'paid', 'paid', 'CAD', 1000, 0, 1000, ?, ?, ?, ?)`,
  );
  const newest = Date.now() - 60_000;
  db.transaction(() => {
    for (let i = 0; i < ORDERS; i++) {
      const at = newest - (ORDERS - 1 - i) * 3_600_000;
      insert.run(timeOrderedIdAt(at), 1001 + i, `Long Caller ${i}`, at, at, at);
    }
  })();

  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  const table = page.getByRole('table', { name: 'Orders' });
  await expect(table).toContainText(`#${1000 + ORDERS}`);
  await expect(page.getByRole('region', { name: 'Totals' })).toContainText('2,000 (2,000 charged)');
  await expect(table).not.toContainText('#1001');

  // The owner scrolls down, and keeps scrolling: each time the end of what is loaded comes into view, the next page
  // arrives, until the first order ever taken.
  const first = table.getByRole('button', { name: '#1001', exact: true });
  await page.locator('.orders-scroller').hover();
  const deadline = Date.now() + 40_000;
  while (!(await first.isVisible()) && Date.now() < deadline) await page.mouse.wheel(0, 4_000);
  await expect(first).toBeVisible();
  await expect(table.getByRole('row').last()).toContainText('Long Caller 0');
  // Only the rows in view are in the page, not two thousand.
  expect(await table.getByRole('row').count()).toBeLessThan(100);

  // A row from the end still opens its order.
  await table.getByRole('button', { name: '#1002', exact: true }).click();
  await expect(page.getByRole('complementary', { name: 'Order #1002' })).toBeVisible();
  await expect(table.getByRole('row', { selected: true })).toContainText('Long Caller 1');
});
