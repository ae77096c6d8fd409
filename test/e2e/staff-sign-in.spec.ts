import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { dispatch } from '#core/ipc/dispatch';
import type { PaymentOutcome } from '#shared/contract';
import type { TillApi } from '#shared/till-api';
import { createConfirmationToken } from '../support/confirmation-token';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import type { RunningPreview } from '../support/preview';
import { expect, test } from './fixtures';
import { ownerSession } from './owner-session';
import { signIn } from './sign-in';

/** A shared shop PC: the owner, a clerk who comes in for the afternoon, and a till left alone. */
test.use({ viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.TILL_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

/** What the page sees: `window.till` (the test's own files are type-checked without the DOM). */
type PageGlobals = { till: TillApi };

const lockScreen = (page: Page) => page.getByRole('dialog', { name: 'Who is at the till?' });

/** The owner adds a clerk, from the page, as the staff page will (main checks the owner's own PIN). */
async function addClerk(page: Page) {
  const added = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).till.staff.add({
      name: 'Sam',
      role: 'clerk',
      newPin: '1357',
      newPinAgain: '1357',
      pin: '2468',
    }),
  );
  expect(added).toMatchObject({ ok: true, value: { name: 'Sam', role: 'clerk' } });
}

async function paidOrder(preview: RunningPreview): Promise<PaymentOutcome> {
  const simulator = preview.training!.simulator;
  const productId = preview.till.db.prepare("SELECT id FROM products WHERE sku = 'BT-510'").pluck().get();
  const result = await dispatch(
    preview.till.handlers,
    'checkout.pay',
    {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'product', productId, quantity: 1 }] },
      customer: { name: 'Ada Lovelace', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: await createConfirmationToken(simulator.url, simulator.keys.publishable, '4242424242424242'),
    },
    undefined,
    await ownerSession(preview),
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value as PaymentOutcome;
}

test('a clerk signs in by name and PIN, sees Checkout only, and main refuses the rest even from the console', async ({
  page,
  preview,
}) => {
  const order = await paidOrder(preview);
  await page.goto(preview.server.url);
  await signIn(page);
  await addClerk(page);
  await expect(page.getByTestId('signed-in')).toHaveText('Signed in: Owner (Owner)');

  await page.getByRole('button', { name: 'Switch user' }).click();
  const lock = lockScreen(page);
  await expect(lock).toBeVisible();
  // The role is shown by each name, not read as part of it.
  await expect(lock.getByRole('button', { name: 'Sam', exact: true })).toHaveAccessibleDescription('Clerk');
  await shot(page, 'lock-screen');
  await lock.getByRole('button', { name: 'Sam', exact: true }).click();
  await expect(lock.getByLabel('PIN')).toBeFocused();
  await lock.getByLabel('PIN').fill('1111');
  await lock.getByLabel('PIN').press('Enter');
  await expect(lock.getByRole('alert')).toContainText(
    'That PIN is not right. 4 more tries before a wait of 5 minutes.',
  );
  await expect(lock.getByLabel('PIN')).toHaveValue('');
  await shot(page, 'lock-screen-wrong-pin');

  await signIn(page, 'Sam', '1357');
  await expect(page.getByTestId('signed-in')).toHaveText('Signed in: Sam (Clerk)');
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Order history' })).toHaveCount(0);
  await shot(page, 'clerk-checkout');

  // The history by its address: one sentence, no settings, no export, no backup.
  await page.goto(`${preview.server.origin}/#/history`);
  await expect(page.getByRole('heading', { name: 'Ask a manager or the owner' })).toBeVisible();
  await expect(page.getByText('Payment settings')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Back up' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shot(page, 'clerk-history');

  // What the UI hides, main refuses: the same calls straight from the page.
  const answers = await page.evaluate(
    async ({ orderId }) => ({
      refund: await (globalThis as unknown as PageGlobals).till.orders.refund({
        orderId,
        amount: 1000,
        reason: 'requested_by_customer',
        note: '',
        pin: '1357',
      }),
      settings: await (globalThis as unknown as PageGlobals).till.settings.update({ motoEnabled: true, pin: '1357' }),
      exportCsv: await (globalThis as unknown as PageGlobals).till.orders.exportCsv(),
      backup: await (globalThis as unknown as PageGlobals).till.database.backup(),
    }),
    { orderId: order.orderId },
  );
  for (const answer of Object.values(answers)) {
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }
  expect(preview.till.db.prepare('SELECT count(*) FROM refunds').pluck().get()).toBe(0);
  const settings = await dispatch(
    preview.till.handlers,
    'settings.get',
    undefined,
    undefined,
    await ownerSession(preview),
  );
  expect(settings).toMatchObject({ ok: true, value: { motoEnabled: false } });
});

test('switching user keeps the order being taken, customer and all', async ({ page, preview }) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await addClerk(page);
  await page.getByRole('searchbox', { name: 'Search products' }).fill('boots');
  await page.keyboard.press('Enter');
  const cartRows = page.getByRole('table', { name: 'Cart' }).getByRole('row');
  await expect(cartRows).toHaveCount(2);
  await page.getByLabel('Name', { exact: true }).fill('Jane Caller');
  await page.getByLabel('Phone').fill('250 555 0101');

  await page.getByRole('button', { name: 'Switch user' }).click();
  await signIn(page, 'Sam', '1357');
  await expect(page.getByTestId('signed-in')).toHaveText('Signed in: Sam (Clerk)');
  await expect(cartRows).toHaveCount(2);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Jane Caller');

  await page.getByRole('button', { name: 'Switch user' }).click();
  await signIn(page);
  await expect(page.getByTestId('signed-in')).toHaveText('Signed in: Owner (Owner)');
  await expect(cartRows).toHaveCount(2);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Jane Caller');
  await expect(page.getByLabel('Phone')).toHaveValue('250 555 0101');
  await expect(page.getByTestId('order-total')).toHaveText('$199.49');
  await expect(page.getByRole('button', { name: 'Order history' })).toBeVisible();
});

test("the till locks itself after the owner's idle minutes, and main refuses the page from then on", async ({
  page,
  preview,
}) => {
  await page.clock.install();
  await page.goto(preview.server.url);
  await signIn(page);
  const set = await page.evaluate(
    (pin) => (globalThis as unknown as PageGlobals).till.settings.update({ autoLockMinutes: 1, pin }),
    TEST_OWNER_PIN,
  );
  expect(set.ok).toBe(true);
  // The page reads the minutes from main when it opens (and on each keep-alive while someone works).
  await page.reload();
  await expect(page.getByTestId('signed-in')).toHaveText('Signed in: Owner (Owner)');
  await page.getByRole('searchbox', { name: 'Search products' }).fill('boots');

  await page.clock.fastForward('00:40');
  await expect(lockScreen(page)).toBeHidden();
  await page.clock.fastForward('00:30'); // 70 s since the last key
  await expect(lockScreen(page)).toBeVisible();
  // What was typed is still there under the lock, for whoever signs in next.
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveValue('boots');

  const after = await page.evaluate(() => (globalThis as unknown as PageGlobals).till.catalog.list({}));
  expect(after).toMatchObject({ ok: false, error: { code: 'signed_out' } });
  await signIn(page);
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveValue('boots');
});

test('the windows share who is signed in: a switch of user in Checkout reaches the open history', async ({
  page,
  preview,
  context,
}) => {
  await page.goto(preview.server.url);
  await signIn(page);
  await addClerk(page);
  const history = await context.newPage();
  await history.goto(`${preview.server.origin}/#/history`);
  await expect(history.getByRole('heading', { name: 'Order history' })).toBeVisible();

  await page.getByRole('button', { name: 'Switch user' }).click();
  await expect(lockScreen(history)).toBeVisible();
  await signIn(page, 'Sam', '1357');
  // The owner's history does not stay open for the clerk.
  await expect(lockScreen(history)).toBeHidden();
  await expect(history.getByRole('heading', { name: 'Ask a manager or the owner' })).toBeVisible();
  await expect(history.getByTestId('signed-in')).toHaveText('Signed in: Sam (Clerk)');
});
