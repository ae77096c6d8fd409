import { describe, expect, it } from 'vitest';
import type { OrderExportRow } from '#core/orders/export-snapshot';
import { csvStream, orderColumns, orderRecords } from '#core/orders/orders-csv';
import { toDecimal } from '#shared/money';

const row = (overrides: Partial<Record<'name' | 'phone' | 'review' | 'status' | 'taxes', string>> = {}) =>
  [
    1001,
    new Date(2026, 10, 22, 9, 5).getTime(),
    overrides.status ?? 'paid',
    overrides.name ?? 'Ada Lovelace',
    overrides.phone ?? '250 555 0101',
    null,
    '4242',
    'CAD',
    18999,
    950,
    overrides.taxes ?? '[{"name":"GST","rateBp":500,"amount":950}]',
    19949,
    0,
    null,
    'pi_123',
    overrides.review ?? null,
  ] satisfies OrderExportRow;

/** The orders file for these rows, as the export streams it. */
async function ordersCsv(rows: OrderExportRow[], taxNames = ['GST', 'PST']): Promise<string> {
  const stream = csvStream(orderColumns(taxNames));
  const record = orderRecords(taxNames);
  let csv = '';
  stream.on('data', (chunk: Buffer | string) => (csv += chunk.toString()));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const order of rows) stream.write(record(order));
  stream.end();
  await ended;
  return csv;
}

/** The cells of each record (this test's values have no line breaks inside cells). */
const records = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

describe('the orders CSV', () => {
  it('starts with a byte-order mark and a header with a column per tax, one CRLF-ended record per order', async () => {
    const csv = await ordersCsv([row(), row()]);
    expect(
      csv.startsWith(
        '\uFEFFOrder,Date,Status,Customer,Phone,Email,Card last 4,Currency,Subtotal,GST,PST,Tax,Total,Refunded,',
      ),
    ).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(records(csv)).toHaveLength(3);
    expect(records(csv)[1]).toBe(
      '1001,2026-11-22 09:05,Paid,Ada Lovelace,250 555 0101,,4242,CAD,189.99,9.50,0.00,9.50,199.49,0.00,,pi_123,',
    );
  });

  it('writes statuses in the words the history shows', async () => {
    const csv = await ordersCsv([row({ status: 'partially_refunded' }), row({ status: 'failed' })]);
    expect(records(csv)[1]).toContain(',Partly refunded,');
    expect(records(csv)[2]).toContain(',Declined,');
  });

  it('puts each tax in its own column, two rates of one name added up', async () => {
    const taxes = JSON.stringify([
      { name: 'GST', rateBp: 500, amount: 500 },
      { name: 'PST', rateBp: 700, amount: 700 },
      { name: 'GST', rateBp: 0, amount: 1 },
    ]);
    expect(records(await ordersCsv([row({ taxes })]))[1]).toContain(',CAD,189.99,5.01,7.00,9.50,');
  });

  it('quotes commas, quotes and line breaks so that a name stays in its cell', async () => {
    const csv = await ordersCsv([row({ name: 'Dune, Cara "CD"', review: 'line one\nline two' })]);
    expect(csv).toContain(',"Dune, Cara ""CD""",');
    expect(csv).toContain(',"line one\nline two"\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', async () => {
    const csv = await ordersCsv([row({ name: '=HYPERLINK("http://evil")', phone: '+1 250 555 0101' })]);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil"")",'+1 250 555 0101,`);
  });
});

describe('amounts as decimals', () => {
  it.each([
    [19949, 'CAD', '199.49'],
    [5, 'CAD', '0.05'],
    [0, 'CAD', '0.00'],
    [-1050, 'CAD', '-10.50'],
    [123456789012, 'USD', '1234567890.12'],
    [1200, 'JPY', '1200'],
    [1234, 'KWD', '1.234'],
  ])('%i minor units of %s are %s', (minor, currency, decimal) => {
    expect(toDecimal(minor, currency)).toBe(decimal);
  });

  it.each([
    [19949, 'CAD', '199.49'],
    [5, 'CAD', '0.05'],
    [-1050, 'CAD', '-10.50'],
    [1200, 'JPY', '1200'],
    [1234, 'KWD', '1.234'],
  ])('the export writes %i minor units of %s as %s', async (minor, currency, decimal) => {
    const order: OrderExportRow = [...row()];
    order[7] = currency;
    order[8] = minor;
    expect(records(await ordersCsv([order], []))[1]).toContain(`,${currency},${decimal},`);
  });
});
