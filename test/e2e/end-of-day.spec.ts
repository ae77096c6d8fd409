import { TEST_OWNER_PIN } from '../support/demo-shop';
import { expect, test } from './fixtures';
import { catchUpEvents, refundAsOwner } from './owner-day';
import { signIn } from './sign-in';
import { takeOrder } from './take-order';

/** The owner's end of day, in the browser preview, at the counter's screen size. */
test.use({ viewport: { width: 1366, height: 768 } });

test('the end of day adds up a day with a refund and a dispute, and the day is closed with a PIN', async ({
  page,
  preview,
}) => {
  const paid = await takeOrder(preview, 'Ada Lovelace', '4242424242424242'); // $199.49
  await takeOrder(preview, 'Bob Builder', '5555555555554444'); // $199.49
  await takeOrder(preview, 'Drew Dispute', '4000000000000259'); // $199.49, disputed by the bank
  await refundAsOwner(preview, paid.orderId, 4_949);
  await catchUpEvents(preview);

  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByRole('link', { name: 'End of day' }).click();

  const report = page.getByRole('article', { name: /^End of day/ });
  const totals = report.getByRole('table', { name: 'Day totals' });
  await expect(totals.getByRole('row', { name: /Orders paid/ })).toContainText('3');
  await expect(totals.getByRole('row', { name: /^Gross/ })).toContainText('$598.47');
  await expect(totals.getByRole('row', { name: /^Refunds/ })).toContainText('−$49.49');
  await expect(totals.getByRole('row', { name: /^Net/ })).toContainText('$548.98');
  await expect(totals.getByRole('row', { name: /Disputes opened \(1\)/ })).toContainText('$199.49');
  await expect(report.getByRole('table', { name: 'By card' })).toContainText('Mastercard');
  await expect(report.getByRole('table', { name: 'By staff member' })).toContainText('Owner');

  // Stripe's side ties out: what each kind of balance transaction added, less the fees, is the deposit.
  const stripeSide = report.getByRole('table', { name: 'Stripe fees and deposit' });
  await expect(stripeSide.getByRole('row', { name: /^Card payments \(3\)/ })).toContainText('$598.47');
  await expect(stripeSide.getByRole('row', { name: /^Refunds \(1\)/ })).toContainText('−$49.49');
  await expect(stripeSide.getByRole('row', { name: /^Disputes/ })).toContainText('−$199.49');
  const cents = (text: string) => Math.round(Number(text.replace('−', '-').replace(/[$,]/g, '')) * 100);
  const amounts = (await stripeSide.locator('td').allInnerTexts()).map(cents);
  const deposit = amounts.pop()!;
  expect(amounts.reduce((sum, amount) => sum + amount, 0)).toBe(deposit);
  expect(deposit).toBeLessThan(598_47 - 49_49 - 199_49);
  // The dispute's own fee is named apart from the card payments' fees.
  await expect(stripeSide.getByRole('row', { name: /^Stripe fees/ })).toContainText(
    /on card payments \$[\d.]+ · disputes \$15\.00/,
  );
  await page.screenshot({ path: test.info().outputPath('end-of-day-1366x768.png'), fullPage: true });
  // On paper the report names the shop (the window's header, which does on screen, is not printed).
  await page.emulateMedia({ media: 'print' });
  await expect(report.getByText('Thompson Valley Safety Supply')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('end-of-day-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  const close = page.getByRole('form', { name: 'Close the day' });
  // Closing the day in progress is allowed, with a word on what happens to the rest of it.
  await expect(close).toContainText('Today is not over: orders and refunds after you close it will show as changes');
  await close.getByLabel('Your PIN, to close the day').fill('1111');
  await close.getByRole('button', { name: 'Close the day' }).click();
  await expect(close.getByRole('alert')).toContainText('PIN is not right');
  await close.getByLabel('Your PIN, to close the day').fill(TEST_OWNER_PIN);
  await close.getByRole('button', { name: 'Close the day' }).click();
  await expect(report.getByRole('heading', { level: 2 })).toContainText('closed');
  await expect(page.getByRole('form', { name: 'Close the day' })).toHaveCount(0);
  await expect(report).toContainText('by Owner');
});
