import { expect, test } from './fixtures';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { scanBarcode } from './scanner';
import { signIn } from './sign-in';

const SHOTS = process.env.TILL_SHOTS_DIR;

const CSV = [
  'SKU,Name,Barcode,Description,Price,Tax class',
  'CAP-1,Ball cap,0012345678905,"Navy, one size",24.99,standard',
  'CAP-2,Toque,,,abc,standard',
  'CAP-3,Sun hat,,,12.00,luxury',
  'CAP-4,Bucket hat,,,18.00,gst_only',
  'CAP-1,Ball cap again,,,1.00,standard',
  ',,,,5.00,gst_only',
].join('\r\n');

test('a CSV import shows the bad rows in words and imports only the rows the owner confirms', async ({
  page,
  preview,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
  await page.getByRole('link', { name: 'Catalog' }).click();
  await expect(page.getByRole('heading', { name: 'Catalog', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Products' }).getByText('Steel-toe work boots')).toBeVisible();
  // Set-up set the owner PIN: every change to the catalog takes it.
  await page.getByLabel('Your PIN, to change the catalog').fill(TEST_OWNER_PIN);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/catalog-page.png` });

  await page.getByLabel('CSV file').setInputFiles({ name: 'hats.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  const errors = page.getByRole('list', { name: 'Rows with errors' });
  await expect(errors.getByRole('listitem')).toHaveText([
    "row 3: price 'abc' is not a number",
    "row 4: unknown tax class 'luxury' (use standard, gst_only, zero_rated)",
    "row 6: duplicate SKU 'CAP-1' (also on row 2)",
    'row 7: SKU is missing',
    'row 7: name is missing',
  ]);
  const toImport = page.getByRole('table', { name: 'Rows to import' });
  await expect(toImport.getByRole('row')).toHaveCount(3); // the header, CAP-1 and CAP-4
  // The owner leaves the bucket hat out.
  await toImport.getByRole('checkbox', { name: 'Import row 5, Bucket hat' }).uncheck();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-preview-errors.png`, fullPage: true });
  await page.getByRole('button', { name: 'Import 1 product' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 1 added, 0 changed.' })).toBeVisible();

  const products = page.getByRole('table', { name: 'Products' });
  await expect(products.getByText('Ball cap')).toBeVisible();
  await expect(products.getByText('Bucket hat')).toHaveCount(0);
  const imported = preview.till.db
    .prepare("SELECT sku, name, unit_price, barcode FROM products WHERE sku LIKE 'CAP-%'")
    .all();
  expect(imported).toEqual([{ sku: 'CAP-1', name: 'Ball cap', unit_price: 2499, barcode: '0012345678905' }]);
});

test('the owner adds a product with a barcode, and a scan at Checkout puts it in the cart', async ({
  page,
  preview,
}) => {
  test.slow(); // types 13 digits at a person's pace
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/catalog`);
  await page.getByLabel('Your PIN, to change the catalog').fill(TEST_OWNER_PIN);
  const form = page.getByRole('form', { name: 'Add a product' });
  await form.getByLabel('Name').fill('Winter work gloves');
  await form.getByLabel('SKU').fill('GL-420');
  await form.getByLabel('Barcode (optional)').fill('0627843512345');
  await form.getByLabel('Price before tax').fill('24.50');
  await form.getByRole('combobox', { name: 'Tax class' }).selectOption({ label: 'GST' });
  await form.getByRole('button', { name: 'Add product' }).click();
  await expect(page.getByText('Saved Winter work gloves.')).toBeVisible();

  await page.goto(`${preview.server.origin}/#/checkout`);
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  // The clerk is typing the caller's name, slowly, when the scanner reads the gloves' barcode: digits then Enter,
  // 8 ms apart. The item goes in the cart and the name is left as it was typed.
  const name = page.getByLabel('Name', { exact: true });
  await name.pressSequentially('Jane', { delay: 120 });
  await scanBarcode(page, '0627843512345');
  const cart = page.getByRole('table', { name: 'Cart' });
  await expect(cart.getByText('Winter work gloves')).toBeVisible();
  await expect(name).toHaveValue('Jane');
  await expect(page.getByRole('status').filter({ hasText: 'Scanned: Winter work gloves' })).toBeVisible();

  // A person typing the same digits slowly into the search is searching, not scanning.
  const search = page.getByRole('searchbox', { name: 'Search products' });
  await search.click();
  await page.keyboard.type('0627843512345', { delay: 80 });
  await expect(search).toHaveValue('0627843512345');
  await expect(cart.getByRole('row')).toHaveCount(2);
  // Enter adds the found item and selects the search text, so the next search replaces it.
  await page.keyboard.press('Enter');
  await expect(cart.getByRole('spinbutton').first()).toHaveValue('2');
  expect(
    await search.evaluate((input) => {
      const field = input as unknown as { selectionStart: number; selectionEnd: number };
      return field.selectionEnd - field.selectionStart;
    }),
  ).toBe(13);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/checkout-after-scan.png` });
});
