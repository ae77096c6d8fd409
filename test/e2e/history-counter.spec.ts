import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { dispatch } from '#core/ipc/dispatch';
import type { PaymentOutcome } from '#shared/contract';
import { createConfirmationToken } from '../support/confirmation-token';
import type { RunningPreview } from '../support/preview';
import { expect, test } from './fixtures';
import { ownerSession } from './owner-session';
import { signIn } from './sign-in';

/** The order history at a common shop PC's screen size, with more orders than fit on it. */
test.use({ viewport: { width: 1366, height: 768 } });

const shot = async (page: Page, name: string) => {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}.png` });
};

async function takeOrder(preview: RunningPreview, name: string, lines: [sku: string, quantity: number][]) {
  const simulator = preview.training!.simulator;
  const productId = (sku: string) =>
    preview.till.db.prepare('SELECT id FROM products WHERE sku = ?').pluck().get(sku) as string;
  const result = await dispatch(
    preview.till.handlers,
    'checkout.pay',
    {
      checkoutId: randomUUID(),
      cart: { lines: lines.map(([sku, quantity]) => ({ kind: 'product', productId: productId(sku), quantity })) },
      customer: { name, phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: await createConfirmationToken(simulator.url, simulator.keys.publishable, '4242424242424242'),
    },
    undefined,
    await ownerSession(preview),
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value as PaymentOutcome;
}

test('an order opened far down the list is in view, and its lines read as on its receipt', async ({
  page,
  preview,
}) => {
  const first = await takeOrder(preview, 'Ada Lovelace', [
    ['BT-510', 2],
    ['FA-700', 1],
  ]);
  for (let i = 0; i < 24; i++) await takeOrder(preview, `Caller ${i}`, [['GL-410', 1]]);

  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  const oldest = page.getByRole('button', { name: `#${first.orderNumber}` });
  await oldest.scrollIntoViewIfNeeded();
  await oldest.click();
  const detail = page.getByRole('complementary', { name: `Order #${first.orderNumber}` });
  await expect(detail).toBeInViewport();
  await expect(detail.getByRole('heading', { level: 2 })).toBeInViewport();
  await shot(page, 'history-order-open');

  // The detail's lines and the receipt's lines: the same words and amounts (before tax).
  const detailLines = await detail.getByRole('table', { name: 'Items' }).getByRole('row').allInnerTexts();
  expect(detailLines.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
    '2 × Steel-toe work boots $379.98',
    'First aid kit, BC Basic $69.95',
  ]);
  await page.emulateMedia({ media: 'print' });
  const receipt = page.getByRole('article', { name: `Receipt for order ${first.orderNumber}` });
  const receiptLines = await receipt.locator('tbody tr').allInnerTexts();
  expect(receiptLines.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(
    detailLines.map((text) => text.replace(/\s+/g, ' ').trim()),
  );
  await page.emulateMedia({ media: 'screen' });

  // No empty space after the list: the page ends where the list (or its last control) ends.
  const main = page.locator('.shell-main');
  const list = page.getByRole('table', { name: 'Orders' });
  await list.getByRole('row').last().scrollIntoViewIfNeeded();
  await page.mouse.move(300, 600);
  await page.mouse.wheel(0, 10_000); // as far down as the page goes
  await shot(page, 'history-scrolled-to-end');
  await expect(list.getByRole('row').last()).toBeInViewport();
  const bottom = async (locator: typeof main) => {
    const box = (await locator.boundingBox())!;
    return box.y + box.height;
  };
  const [listBottom, mainBottom] = [await bottom(list), await bottom(main)];
  expect(mainBottom - listBottom).toBeLessThan(80);
  await shot(page, 'history-scrolled-to-end');
});
