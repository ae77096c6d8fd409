import { describe, expect, it } from 'vitest';
import { ordersCsv } from '#core/orders/orders-csv';
import type { OrderExportRow } from '#core/orders/orders-queries';
import { toDecimal } from '#shared/money';

const row = (overrides: Partial<OrderExportRow> = {}): OrderExportRow => ({
  number: 1001,
  created_at: new Date(2026, 10, 22, 9, 5).getTime(),
  status: 'paid',
  customer_name: 'Ada Lovelace',
  customer_phone: '250 555 0101',
  customer_email: null,
  card_last4: '4242',
  currency: 'CAD',
  subtotal: 18999,
  tax_total: 950,
  total: 19949,
  amount_refunded: 0,
  dispute_status: null,
  payment_intent_id: 'pi_123',
  review_reason: null,
  ...overrides,
});

/** The cells of each record (this test's values have no line breaks inside cells). */
const records = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

describe('the orders CSV', () => {
  it('starts with a byte-order mark and a header, one CRLF-ended record per order', () => {
    const csv = ordersCsv([row(), row({ number: 1002 })]);
    expect(
      csv.startsWith('\uFEFFOrder,Date,Status,Customer,Phone,Email,Card last 4,Currency,Subtotal,Tax,Total,'),
    ).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(records(csv)).toHaveLength(3);
    expect(records(csv)[1]).toBe(
      '1001,2026-11-22 09:05,paid,Ada Lovelace,250 555 0101,,4242,CAD,189.99,9.50,199.49,0.00,,pi_123,',
    );
  });

  it('quotes commas, quotes and line breaks so that a name stays in its cell', () => {
    const csv = ordersCsv([row({ customer_name: 'Dune, Cara "CD"', review_reason: 'line one\nline two' })]);
    expect(csv).toContain(',"Dune, Cara ""CD""",');
    expect(csv).toContain(',"line one\nline two"\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const csv = ordersCsv([row({ customer_name: '=HYPERLINK("http://evil")', customer_phone: '+1 250 555 0101' })]);
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
});
