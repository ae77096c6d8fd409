import { readFile } from 'node:fs/promises';
import { forgetOwnerPin } from '../support/demo-shop';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';
import { takeOrder } from './take-order';

test('the owner finds orders, sees what they add up to, and reads one order’s story', async ({ page, preview }) => {
  const ada = await takeOrder(preview, 'Ada Lovelace', '4242424242424242');
  await takeOrder(preview, 'Bob Builder', '4000000000000002'); // declined
  await takeOrder(preview, 'Cara Dune', '4242424242424242', { quantity: 2 });

  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  const rows = page.getByRole('table', { name: 'Orders' }).getByRole('row');
  await expect(rows).toHaveCount(4); // the header and three orders
  const totals = page.getByRole('region', { name: 'Totals' });
  // Two charged orders: $199.49 + $398.98; the declined one moved no money.
  await expect(totals).toContainText('3 (2 charged)');
  await expect(totals.getByRole('definition').filter({ hasText: '$598.47' })).toHaveCount(2); // gross and net
  // The chart's figures (drawn on a canvas, and in a table for screen readers): today's bar is the net.
  const chartRows = page.getByRole('table', { name: 'Net sales by day' }).getByRole('row');
  await expect(chartRows).toHaveCount(31); // the header and the last 30 days
  await expect(chartRows.last().getByRole('cell')).toHaveText([/\w{3}, \w{3} \d+, \d{4}/, '2', '$598.47']);
  await expect(page.locator('.daily-chart canvas')).toBeVisible();

  await page.getByLabel('Status').selectOption({ label: 'Declined' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Bob Builder');
  await expect(rows.nth(1)).toContainText('•••• 0002');
  await expect(totals).toContainText('1 (0 charged)');

  await page.getByLabel('Status').selectOption({ label: 'Any status' });
  await page.getByRole('searchbox', { name: 'Search' }).fill(`#${ada.orderNumber}`);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Ada Lovelace');

  await page.getByRole('searchbox', { name: 'Search' }).fill('Nobody');
  await expect(page.getByRole('heading', { name: 'No orders match' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear the filter' }).click();
  await expect(rows).toHaveCount(4);

  // A typo in an amount is pointed out where it was made; the rest of the filter keeps working.
  await page.getByLabel('Total at least').fill('two hundred');
  await expect(page.getByRole('alert')).toHaveText('Write an amount, like 25 or 25.50');
  await expect(rows).toHaveCount(4);
  await page.getByLabel('Total at least').fill('300');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Cara Dune');
  // The export takes every order the filter matches, as a file the browser downloads.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  // A filtered export is named apart from the whole history's file of the same day.
  expect(download.suggestedFilename()).toMatch(/^Till-orders-\d{4}-\d\d-\d\d-filtered\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  expect(
    csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n'),
  ).toEqual([
    expect.stringMatching(/^Order,Date,Status,Customer,/),
    expect.stringMatching(/,Cara Dune,.*,398\.98,0\.00,,pi_\w+,$/),
  ]);
  await expect(page.getByRole('status').filter({ hasText: 'Exported 1 order to Till-orders-' })).toBeVisible();
  await page.getByLabel('Total at least').fill('');

  await rows.filter({ hasText: 'Bob Builder' }).getByRole('button').click();
  const detail = page.getByRole('complementary', { name: /^Order #\d+$/ });
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('Declined');
  const timeline = detail.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  await expect(timeline.nth(0)).toContainText('Order created');
  await expect(timeline.nth(1)).toContainText('Card tried (attempt 1): declined — generic decline');
});

test('an open order in the history follows what Stripe reports about it', async ({ page, preview }) => {
  const order = await takeOrder(preview, 'Dana Refund', '4242424242424242');
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByRole('button', { name: `#${order.orderNumber}` }).click();
  const detail = page.getByRole('complementary', { name: `Order #${order.orderNumber}` });
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('Paid');

  // A refund made in Stripe's dashboard reaches Till as events; the open window shows it without a reload.
  const intent = preview.till.db
    .prepare('SELECT payment_intent_id FROM orders WHERE id = ?')
    .pluck()
    .get(order.orderId) as string;
  const simulator = preview.training!.simulator;
  await fetch(`${simulator.url}/v1/refunds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${simulator.keys.secret}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ payment_intent: intent, amount: '4949' }),
  });
  simulator.admin.runPendingJobs();
  const events = (await (
    await fetch(`${simulator.url}/v1/events?limit=100`, {
      headers: { authorization: `Bearer ${simulator.keys.secret}` },
    })
  ).json()) as { data: never[] };
  preview.till.events.ingest(events.data.reverse(), 'events_api');

  await expect(detail.getByRole('heading', { level: 2 })).toContainText('Partly refunded');
  await expect(detail.getByRole('list', { name: 'Timeline' })).toContainText('Refund of $49.49: succeeded');
  await expect(page.getByRole('region', { name: 'Totals' })).toContainText('$150.00'); // net: 199.49 − 49.49

  // A reprint of the receipt shows the refund; on paper, only the receipt.
  await expect(detail.getByRole('button', { name: 'Print receipt' })).toBeVisible();
  const receipt = page.getByRole('article', { name: `Receipt for order ${order.orderNumber}` });
  await expect(receipt).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(receipt).toBeVisible();
  await expect(receipt.getByRole('row').filter({ hasText: 'Refunded' })).toContainText('−$49.49');
  await expect(page.getByRole('table', { name: 'Orders' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // The preview cannot put a file where the owner chooses; it says so, and what to do instead.
  await page.getByRole('button', { name: 'Back up' }).click();
  await expect(page.getByRole('alert')).toContainText('copy the order log folder shown in the status bar');
});

test('a burst of changes makes the history ask main again a few times, not once per order', async ({
  page,
  preview,
}) => {
  const order = await takeOrder(preview, 'Burst Caller', '4242424242424242');
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await expect(page.getByRole('table', { name: 'Orders' })).toContainText('Burst Caller');
  let reads = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/orders.list')) reads++;
  });
  // What a catch-up of Stripe events looks like from the window: a page of events every few milliseconds for a
  // second and a half, each changing some orders.
  const started = Date.now();
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 10; i++) preview.till.push.publish('orders.changed', { orderId: order.orderId });
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  const lasted = Date.now() - started;
  await page.waitForTimeout(1_000);
  // At most one read per 300 ms while it lasts (500 changes, ~1.5 s: without that, one read per change received).
  expect(reads).toBeGreaterThan(0);
  expect(reads).toBeLessThanOrEqual(Math.ceil(lasted / 300) + 2);
});

test('once the owner sets a PIN, the payment settings change only with it', async ({ page, preview }) => {
  forgetOwnerPin(preview.till.db); // a log from before set-up, upgraded without an owner PIN
  await page.goto(preview.server.url);
  // Nobody can sign in without a PIN: the lock screen asks the owner for a first one.
  const lock = page.getByRole('dialog', { name: 'Who is at the till?' });
  await expect(lock.getByText('the owner has no PIN yet')).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveCount(0);

  await lock.getByLabel('New PIN (4 to 8 digits)').fill('12');
  await lock.getByRole('button', { name: 'Save PIN' }).click();
  await expect(lock.getByRole('alert')).toHaveText('The owner PIN is 4 to 8 digits');
  await lock.getByLabel('New PIN (4 to 8 digits)').fill('2468');
  await lock.getByRole('button', { name: 'Save PIN' }).click();
  await signIn(page, 'Owner', '2468');
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByText('Payment settings').click();
  const moto = page.getByRole('checkbox', { name: /MOTO/ });

  await moto.click(); // main refuses: the box must not stay checked
  await expect(page.getByRole('alert')).toHaveText('Type your PIN to confirm.');
  await expect(moto).not.toBeChecked();
  await page.getByLabel('Your PIN, to change these settings').fill('2468');
  await moto.click();
  await expect(moto).toBeChecked();
  await expect(page.getByRole('alert')).toHaveCount(0);
  const settings = preview.till.db.prepare("SELECT value FROM settings WHERE key = 'payments'").pluck().get() as string;
  expect(JSON.parse(settings)).toMatchObject({ motoEnabled: true });
});

test('the owner refunds part of an order with the PIN, and the history shows what went back', async ({
  page,
  preview,
}) => {
  // The preview's set-up (with the demo shop) set the owner PIN 2468.
  const order = await takeOrder(preview, 'Erin Return', '4242424242424242');
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByRole('button', { name: `#${order.orderNumber}` }).click();
  const detail = page.getByRole('complementary', { name: `Order #${order.orderNumber}` });
  await detail.getByRole('button', { name: 'Refund…' }).click();

  const form = detail.getByRole('form', { name: 'Refund' });
  await expect(form.getByLabel('Amount')).toHaveValue('199.49'); // all that is left, until the owner says less
  await form.getByLabel('Amount').fill('50');
  await form.getByLabel('Why').selectOption({ label: 'Charged twice' });
  await form.getByLabel('Your PIN').fill('1111');
  await form.getByRole('button', { name: 'Refund $50.00' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'That PIN is not right. 4 more tries before a wait of 5 minutes.',
  );

  await form.getByLabel('Your PIN').fill('2468');
  await form.getByRole('button', { name: 'Refund $50.00' }).click();
  await expect(detail.getByRole('status')).toHaveText('Refunded $50.00. It reaches the card in 5 to 10 business days.');
  await expect(form).toBeHidden();
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('Partly refunded');
  await expect(detail.getByRole('list', { name: 'Timeline' })).toContainText('Refund of $50.00 by Owner: succeeded');
  await expect(page.getByRole('region', { name: 'Totals' })).toContainText('$149.49'); // net: 199.49 − 50.00

  // The reprint is now the refund receipt: each refund, and what the customer paid after them.
  const receipt = page.getByRole('article', { name: /^Receipt for order/ });
  await page.emulateMedia({ media: 'print' });
  await expect(receipt.getByText('Refund receipt')).toBeVisible();
  await expect(
    receipt
      .getByRole('row')
      .filter({ hasText: /^Refunded \w+ \d+, \d{4}/ })
      .last(),
  ).toContainText('−$50.00');
  await expect(receipt.getByRole('row').filter({ hasText: 'Paid after refunds' })).toContainText('$149.49');
  await page.emulateMedia({ media: 'screen' });

  // More than is left is refused where it was typed; nothing is sent.
  await detail.getByRole('button', { name: 'Refund…' }).click();
  await expect(form.getByLabel('Amount')).toHaveValue('149.49');
  await form.getByLabel('Amount').fill('150');
  await form.getByLabel('Your PIN').fill('2468');
  await form.getByRole('button', { name: 'Refund $150.00' }).click();
  await expect(form.getByRole('alert')).toHaveText('At most $149.49 is left to refund on this order.');
  const refunds = preview.till.db.prepare('SELECT count(*) FROM refunds').pluck().get();
  expect(refunds).toBe(1);
  // A decimal comma, as typed in Quebec, is the decimal mark: never a refund a hundred times the amount meant.
  await form.getByLabel('Amount').fill('1,50');
  await expect(form.getByRole('button', { name: 'Refund $1.50' })).toBeVisible();
});

test('the owner has Stripe e-mail a paid order’s receipt to the caller', async ({ page, preview }) => {
  const order = await takeOrder(preview, 'Gail Receipt', '4242424242424242');
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByRole('button', { name: `#${order.orderNumber}` }).click();
  const detail = page.getByRole('complementary', { name: `Order #${order.orderNumber}` });
  const form = detail.getByRole('form', { name: 'E-mail the receipt' });
  await form.getByLabel('E-mail the receipt to').fill('gail@example.com');
  await form.getByRole('button', { name: 'E-mail the receipt' }).click();
  await expect(form.getByRole('status')).toHaveText(
    `Stripe is e-mailing the receipt for order #${order.orderNumber} to gail@example.com.`,
  );
});
