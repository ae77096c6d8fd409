import { expect, test } from './fixtures';
import { signIn } from './sign-in';
import { ownGzipKb, recordCheckoutFirstLoad } from '../support/page-scripts';

/**
 * A size budget on what the build ships, not a timing: the same source always builds to the same bytes, so this is a
 * packaging check (timings are measured in bench/, never asserted). Issue 17 asks for at most 85 kB gzip of
 * JavaScript until the catalog shows; the page loads about 83.5 kB (from 132.1 kB), of which React DOM alone is
 * about 64 kB. The card form and the receipt come in a chunk fetched once the catalog is on screen, which is why
 * the scripts counted are those requested before the first product appeared. The budget also catches the
 * regression that was a quarter of the page: the contract's classic zod schemas coming back into it.
 */
const BUDGET_KB = 85;

test('the Checkout page loads its JavaScript within budget, without the contract and its zod', async ({
  page,
  preview,
}) => {
  const recorder = await recordCheckoutFirstLoad(page);
  await page.goto(preview.server.url);
  await signIn(page);
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option').first()).toBeVisible();
  const scripts = await recorder.scripts();
  const own = scripts.filter((script) => script.url.startsWith(preview.server.origin));
  expect(own.length).toBeGreaterThan(0);
  // A message only the contract's history filter carries: were contract.ts in the page, so would all of zod be.
  const withContract = own.filter((script) => script.text.includes('Search is limited to 100 characters'));
  expect(withContract.map((script) => script.url)).toEqual([]);
  const kb = ownGzipKb(scripts, preview.server.origin);
  test.info().annotations.push({ type: 'checkout page JavaScript', description: `${kb.toFixed(1)} kB gzip` });
  expect(kb).toBeLessThanOrEqual(BUDGET_KB);
});
