import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogImportPreview, OrderDetail, PaymentOutcome, Product } from '#shared/contract';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

const BOOTS = { sku: 'BT-700', name: 'Winter boots', barcode: '0627843512345', description: 'Insulated, CSA' };
const fields = { ...BOOTS, unitPrice: 15999, taxClass: 'gst_only' as const };

/** The owner's catalog through the contract, as the Catalog page and the checkout call it. */
describe('the shop catalog', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill({ training: true });
  });
  afterEach(() => core.stop());

  const value = <T>(result: { ok: boolean; value?: unknown; error?: unknown }): T => {
    expect(result, JSON.stringify(result.error)).toMatchObject({ ok: true });
    return result.value as T;
  };
  const add = async (extra: Record<string, unknown> = {}) =>
    value<Product>(await core.call('catalog.add', { pin: TEST_OWNER_PIN, ...fields, ...extra }));
  const sell = async (productId: string, quantity: number) => {
    const outcome = value<PaymentOutcome>(
      await core.call('checkout.pay', {
        checkoutId: randomUUID(),
        cart: { lines: [{ kind: 'product', productId, quantity }] },
        customer: { name: 'Pat Caller', phone: '250 555 0101' },
        note: '',
        confirmationTokenId: await core.confirmationToken('4242424242424242'),
      }),
    );
    expect(outcome.status).toBe('paid');
    return outcome.orderId;
  };

  it('adds a product in the shop currency, and the till finds it by name, SKU and exact barcode', async () => {
    const boots = await add();
    expect(boots).toMatchObject({ ...fields, currency: 'CAD', archived: false });
    const bySearch = async (search: string) =>
      value<Product[]>(await core.call('catalog.list', { search })).map((product) => product.sku);
    expect(await bySearch('winter')).toEqual(['BT-700']);
    expect(await bySearch('0627843512345')).toEqual(['BT-700']);
    expect(await bySearch('062784351234')).toEqual([]); // a barcode matches exactly, never in part
    expect(value(await core.call('catalog.byBarcode', { barcode: '0627843512345' }))).toMatchObject({ id: boots.id });
    expect(value(await core.call('catalog.byBarcode', { barcode: '9999999999' }))).toBeNull();
    // The lookup is one probe of the barcode index, not a scan of the products.
    const plan = core.till.db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM products WHERE barcode = ?')
      .all('0627843512345') as { detail: string }[];
    expect(plan.map((step) => step.detail).join()).toMatch(/USING INDEX products_by_barcode/);
  });

  it('refuses a second product with the same SKU or barcode, next to the field', async () => {
    await add();
    expect(await core.call('catalog.add', { pin: TEST_OWNER_PIN, ...fields, barcode: null })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'sku', message: 'Another product already has SKU BT-700.' },
    });
    expect(await core.call('catalog.add', { pin: TEST_OWNER_PIN, ...fields, sku: 'BT-701' })).toMatchObject({
      ok: false,
      error: { field: 'barcode', message: 'Another product already has barcode 0627843512345.' },
    });
    expect(
      await core.call('catalog.add', { pin: TEST_OWNER_PIN, ...fields, sku: 'BT-701', barcode: '12ab' }),
    ).toMatchObject({
      ok: false,
      error: { field: 'barcode', message: expect.stringContaining('A barcode is 6 to 14 digits') },
    });
    // Refused the same way whatever the PIN: a taken SKU is named before the PIN is checked, and costs no PIN try.
    const tries = () => core.till.db.prepare("SELECT pin_tries FROM staff WHERE role = 'owner'").pluck().get();
    const before = tries();
    expect(await core.call('catalog.add', { pin: '0000', ...fields, barcode: null })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'sku', message: 'Another product already has SKU BT-700.' },
    });
    expect(tries()).toBe(before);
  });

  it('edits and archives a product: an archived one leaves the till and cannot be sold', async () => {
    const boots = await add();
    const edited = value<Product>(
      await core.call('catalog.update', {
        pin: TEST_OWNER_PIN,
        ...fields,
        id: boots.id,
        name: 'Winter boots, 10 inch',
        barcode: '',
      }),
    );
    expect(edited).toMatchObject({ name: 'Winter boots, 10 inch', barcode: null });
    value(await core.call('catalog.archive', { pin: TEST_OWNER_PIN, id: boots.id, archived: true }));
    const onTill = value<Product[]>(await core.call('catalog.list', {}));
    expect(onTill.map((product) => product.id)).not.toContain(boots.id);
    const quote = await core.call('checkout.quote', { lines: [{ kind: 'product', productId: boots.id, quantity: 1 }] });
    expect(quote).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no longer sold/) } });
    expect(
      value(await core.call('catalog.archive', { pin: TEST_OWNER_PIN, id: boots.id, archived: false })),
    ).toMatchObject({
      archived: false,
    });
  });

  it('deletes a product never sold, and refuses to delete one that was: archive it instead', async () => {
    const unsold = await add();
    expect(value(await core.call('catalog.delete', { pin: TEST_OWNER_PIN, id: unsold.id }))).toEqual({ deleted: true });
    expect(value(await core.call('catalog.byBarcode', { barcode: BOOTS.barcode }))).toBeNull();

    const sold = await add();
    await sell(sold.id, 1);
    expect(await core.call('catalog.delete', { pin: TEST_OWNER_PIN, id: sold.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/on past orders.*Archive it/) },
    });
    expect(
      value(await core.call('catalog.archive', { pin: TEST_OWNER_PIN, id: sold.id, archived: true })),
    ).toMatchObject({
      archived: true,
    });
  });

  it('never changes a past order when the price, name or SKU changes', async () => {
    const boots = await add();
    const orderId = await sell(boots.id, 2);
    const before = value<OrderDetail>(await core.call('orders.get', { orderId }));
    expect(before.lines[0]).toMatchObject({ sku: 'BT-700', description: 'Winter boots', unitPrice: 15999 });
    expect(before.total).toBe(2 * 15999 + 1600); // + 5% GST

    value(
      await core.call('catalog.update', {
        pin: TEST_OWNER_PIN,
        ...fields,
        id: boots.id,
        sku: 'BT-800',
        name: 'Boots',
        unitPrice: 1,
      }),
    );
    const after = value<OrderDetail>(await core.call('orders.get', { orderId }));
    expect(after.lines).toEqual(before.lines);
    expect({ subtotal: after.subtotal, taxes: after.taxes, total: after.total }).toEqual({
      subtotal: before.subtotal,
      taxes: before.taxes,
      total: before.total,
    });
    // …while a new order takes the new price.
    const quote = value<{ total: number }>(
      await core.call('checkout.quote', { lines: [{ kind: 'product', productId: boots.id, quantity: 2 }] }),
    );
    expect(quote.total).toBe(2);
  });

  it('takes the PIN of whoever is signed in for every change: none, or a wrong one, changes nothing', async () => {
    const boots = await add();
    const refusals = await Promise.all([
      core.call('catalog.add', { ...fields, sku: 'X-1', barcode: null }),
      core.call('catalog.update', { ...fields, id: boots.id }),
      core.call('catalog.archive', { id: boots.id, archived: true }),
      core.call('catalog.delete', { id: boots.id }),
      core.call('catalog.import', { csv: 'SKU,Name,Price,Tax class\nX-2,Cap,1.00,standard', rows: [2] }),
      core.call('catalog.archive', { id: boots.id, archived: true, pin: '9999' }),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'pin' } });
    }
    expect(value<Product[]>(await core.call('catalog.list', { search: 'X-' }))).toEqual([]);
    expect(
      value(await core.call('catalog.archive', { id: boots.id, archived: true, pin: TEST_OWNER_PIN })),
    ).toMatchObject({
      archived: true,
    });
  });
});

describe('the catalog CSV', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill();
  });
  afterEach(() => core.stop());

  const FILE = [
    'SKU,Name,Barcode,Description,Price,Tax class',
    'CAP-1,Ball cap,0012345678905,"Navy, one size",24.99,standard',
    'CAP-2,Toque,,,abc,standard',
    'CAP-3,Sun hat,,,12.00,luxury',
    'CAP-1,Ball cap again,,,1.00,standard',
    ',,,,5.00,gst_only',
    'HH-100,Hard hat (new price),,,31.50,gst_only',
    'CAP-4,\'=Bucket hat,,,"$1,299.5",zero_rated',
  ].join('\n');

  it('previews every row: what it adds or changes, and each bad row in words', async () => {
    const preview = (await core.call<CatalogImportPreview>('catalog.importPreview', { csv: FILE })) as {
      value: CatalogImportPreview;
    };
    expect(preview.value.errors.map((error) => error.message)).toEqual([
      "row 3: price 'abc' is not a number",
      "row 4: unknown tax class 'luxury' (use standard, gst_only, zero_rated)",
      "row 5: duplicate SKU 'CAP-1' (also on row 2)",
      'row 6: SKU is missing',
      'row 6: name is missing',
    ]);
    expect(preview.value.rows).toEqual([
      expect.objectContaining({ row: 2, action: 'add', sku: 'CAP-1', unitPrice: 2499, barcode: '0012345678905' }),
      expect.objectContaining({ row: 7, action: 'update', sku: 'HH-100', unitPrice: 3150 }),
      expect.objectContaining({ row: 8, action: 'add', name: '=Bucket hat', unitPrice: 129950 }),
    ]);
    // A preview writes nothing.
    expect(core.till.db.prepare("SELECT count(*) FROM products WHERE sku LIKE 'CAP-%'").pluck().get()).toBe(0);
  });

  it("refuses a card number in any text cell as that row's error, without repeating the digits", async () => {
    const csv = [
      'SKU,Name,Description,Price,Tax class',
      'GL-9,Gloves,"call back, card 4242 4242 4242 4242",5.00,standard',
    ];
    const preview = (await core.call<CatalogImportPreview>('catalog.importPreview', { csv: csv.join('\n') })) as {
      value: CatalogImportPreview;
    };
    expect(preview.value.rows).toEqual([]);
    expect(preview.value.errors.map((error) => error.message)).toEqual([
      'row 2: description holds what looks like a card number',
    ]);
  });

  it('writes only the valid rows the owner confirmed, in one go', async () => {
    const result = await core.call('catalog.import', { pin: TEST_OWNER_PIN, csv: FILE, rows: [2, 3, 7] }); // row 3 is not valid
    expect(result).toEqual({ ok: true, value: { added: 1, updated: 1 } });
    const skus = core.till.db.prepare("SELECT sku FROM products WHERE sku LIKE 'CAP-%'").pluck().all();
    expect(skus).toEqual(['CAP-1']);
    const hardHat = (await core.call<Product[]>('catalog.list', { search: 'HH-100' })) as { value: Product[] };
    expect(hardHat.value[0]).toMatchObject({ name: 'Hard hat (new price)', unitPrice: 3150 });
  });

  it('refuses a file that is too large or has no price column, before reading a row', async () => {
    expect(await core.call('catalog.importPreview', { csv: 'x'.repeat(1_000_001) })).toMatchObject({
      ok: false,
      error: { field: 'csv', message: expect.stringMatching(/larger than 1 MB/) },
    });
    const noPrice = (await core.call('catalog.importPreview', { csv: 'SKU,Name,Tax class\nA,B,standard' })) as {
      value: CatalogImportPreview;
    };
    expect(noPrice.value.errors).toEqual([{ row: 1, message: "row 1: the header has no 'Price' column" }]);
    const badQuote = (await core.call('catalog.importPreview', {
      csv: 'SKU,Name,Price,Tax class\n"A,B,1,standard',
    })) as {
      value: CatalogImportPreview;
    };
    expect(badQuote.value.errors).toHaveLength(1);
    expect(badQuote.value.rows).toEqual([]);
  });

  it('exports the catalog with formula cells escaped, and the export imports back unchanged', async () => {
    await core.call('catalog.add', {
      pin: TEST_OWNER_PIN,
      sku: 'Q-1',
      name: '=HYPERLINK("http://evil")',
      barcode: '12345678',
      description: 'Two\nlines, "quoted"',
      unitPrice: 1005,
      taxClass: 'standard',
    });
    const before = (await core.call<Product[]>('catalog.list', { includeArchived: true })) as { value: Product[] };
    const exported = (await core.call('catalog.exportCsv')) as { value: { csv: string; rows: number } };
    expect(exported.value.rows).toBe(before.value.length);
    expect(exported.value.csv).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(exported.value.csv).toContain('LG-099,Welding goggles (discontinued),,"Shade 5, replaced by face shields"');

    const preview = (await core.call('catalog.importPreview', { csv: exported.value.csv })) as {
      value: CatalogImportPreview;
    };
    expect(preview.value.errors).toEqual([]);
    expect(preview.value.rows.every((row) => row.action === 'update')).toBe(true);
    const imported = await core.call('catalog.import', {
      pin: TEST_OWNER_PIN,
      csv: exported.value.csv,
      rows: preview.value.rows.map((row) => row.row),
    });
    expect(imported).toEqual({ ok: true, value: { added: 0, updated: before.value.length } });
    const after = (await core.call<Product[]>('catalog.list', { includeArchived: true })) as { value: Product[] };
    expect(after.value).toEqual(before.value);
  });
});
