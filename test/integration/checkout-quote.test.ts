import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Quote } from '#shared/contract';
import { startTill, type TestTill } from '../support/till';

describe('pricing a cart in main', () => {
  let core: TestTill;
  beforeEach(async () => {
    core = await startTill();
  });
  afterEach(() => core.stop());

  it('prices lines from SQLite with BC taxes by tax class', async () => {
    const result = await core.call<Quote>('checkout.quote', {
      lines: [
        { kind: 'product', productId: core.productId('HH-100'), quantity: 2 }, // 2 × 28.95, GST only
        { kind: 'product', productId: core.productId('FE-800'), quantity: 1 }, // 59.95, GST + PST
        { kind: 'product', productId: core.productId('GC-050'), quantity: 1 }, // 50.00, zero-rated
        { kind: 'custom', description: 'Hard hat decals', unitPrice: 1000, taxClass: 'standard' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const quote = result.value;
    expect(quote.currency).toBe('CAD');
    expect(quote.subtotal).toBe(5790 + 5995 + 5000 + 1000);
    // GST on 5790 + 5995 + 1000 = 12785 → 639.25 → 639; PST on 5995 + 1000 = 6995 → 489.65 → 490.
    expect(quote.taxes).toEqual([
      { name: 'GST', rateBp: 500, amount: 639 },
      { name: 'PST', rateBp: 700, amount: 490 },
    ]);
    expect(quote.taxTotal).toBe(1129);
    expect(quote.total).toBe(17785 + 1129);
    expect(quote.lines.map((line) => line.total).reduce((a, b) => a + b, 0)).toBe(quote.total);
    expect(quote.lines[2]).toMatchObject({ description: 'Gift card, $50', tax: 0, total: 5000 });
  });

  it('ignores any price the renderer tries to send: the field is refused', async () => {
    const forged = await core.call('checkout.quote', {
      lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1, unitPrice: 1 }],
    });
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'lines.0.unitPrice' } });

    const honest = await core.call<Quote>('checkout.quote', {
      lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }],
    });
    expect(honest.ok && honest.value.subtotal).toBe(18999);
  });

  it.each([
    ['an empty cart', { lines: [] }, 'lines', /cart is empty/],
    [
      'a zero quantity',
      { lines: [{ kind: 'product', productId: 'x', quantity: 0 }] },
      'lines.0.quantity',
      /at least 1/,
    ],
    [
      'a negative quantity',
      { lines: [{ kind: 'product', productId: 'x', quantity: -2 }] },
      'lines.0.quantity',
      /at least 1/,
    ],
    [
      'a fractional quantity',
      { lines: [{ kind: 'product', productId: 'x', quantity: 1.5 }] },
      'lines.0.quantity',
      /whole/,
    ],
    [
      'a zero quick charge',
      { lines: [{ kind: 'custom', description: 'x', unitPrice: 0, taxClass: 'standard' }] },
      'lines.0.unitPrice',
      /more than zero/,
    ],
    [
      'an over-long description',
      { lines: [{ kind: 'custom', description: 'x'.repeat(121), unitPrice: 100, taxClass: 'standard' }] },
      'lines.0.description',
      /120 characters/,
    ],
  ])('refuses %s, naming the field', async (_label, cart, field, message) => {
    const result = await core.call('checkout.quote', cart);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('refuses unknown and archived products', async () => {
    const unknown = await core.call('checkout.quote', {
      lines: [{ kind: 'product', productId: 'no-such-product', quantity: 1 }],
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'lines.0.productId' } });

    const archived = await core.call('checkout.quote', {
      lines: [
        { kind: 'product', productId: core.productId('HH-100'), quantity: 1 },
        { kind: 'product', productId: core.productId('LG-099'), quantity: 1 },
      ],
    });
    expect(archived).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'lines.1.productId' } });
    if (!archived.ok) expect(archived.error.message).toMatch(/no longer sold/);
  });
});
