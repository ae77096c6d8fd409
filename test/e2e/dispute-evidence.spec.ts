import { readFile } from 'node:fs/promises';
import { pdfText } from '../support/pdf-text';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';
import { takeOrder } from './take-order';

test('a disputed order offers its evidence as a PDF, which downloads with the order in it', async ({
  page,
  preview,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const paid = await takeOrder(preview, 'Quinn Paid', '4242424242424242', {
    phone: '250 555 0123',
    note: 'Called from the site office',
  });
  // Stripe's test card that the cardholder's bank disputes as fraud; its events reach Till as the poller's would.
  const disputed = await takeOrder(preview, 'Drew Dispute', '4000000000000259', {
    phone: '250 555 0123',
    note: 'Called from the site office',
  });
  const simulator = preview.training!.simulator;
  simulator.admin.runPendingJobs();
  const events = (await (
    await fetch(`${simulator.url}/v1/events?limit=100`, {
      headers: { authorization: `Bearer ${simulator.keys.secret}` },
    })
  ).json()) as { data: never[] };
  preview.till.events.ingest(events.data.reverse(), 'events_api');

  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);

  // A paid order with no dispute has nothing to answer.
  await page.getByRole('button', { name: `#${paid.orderNumber}` }).click();
  const paidDetail = page.getByRole('complementary', { name: `Order #${paid.orderNumber}` });
  await expect(paidDetail.getByRole('heading', { level: 2 })).toContainText('Paid');
  await expect(paidDetail.getByRole('button', { name: 'Dispute evidence (PDF)' })).toHaveCount(0);

  await page.getByRole('button', { name: `#${disputed.orderNumber}` }).click();
  const detail = page.getByRole('complementary', { name: `Order #${disputed.orderNumber}` });
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('Disputed');
  const button = detail.getByRole('button', { name: 'Dispute evidence (PDF)' });
  await expect(button).toBeVisible();

  const downloading = page.waitForEvent('download');
  await button.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`Till-dispute-evidence-order-${disputed.orderNumber}.pdf`);
  await expect(detail.getByRole('status').filter({ hasText: 'Downloaded' })).toContainText(
    "upload it to the dispute in Stripe's Dashboard",
  );
  const text = await pdfText(new Uint8Array(await readFile(await download.path())));
  expect(text).toContain(`Dispute evidence: order #${disputed.orderNumber}`);
  expect(text).toContain('Drew Dispute');
  expect(text).toMatch(/CVC check\s+Passed/);
  expect(text).toMatch(/Reason\s+fraudulent/);

  await button.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('dispute-evidence-1366x768.png') });
});
