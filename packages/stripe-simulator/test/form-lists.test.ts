/**
 * How the simulator decodes Stripe's form encoding: nested hashes and lists in every shape the official SDKs send
 * them (indexed `a[0][b]`, unindexed `a[][b]` and `a[]=x`), percent-encoded brackets, repeated keys.
 */
import { describe, expect, it } from 'vitest';
import { parseForm } from '../src/http/form';
import { simulatorForFile } from './helpers';

describe('parseForm', () => {
  it('reads indexed lists (stripe-node, -python, -go, -java, -dotnet, -php, -ruby) in index order', () => {
    expect(parseForm('a[1]=second&a[0]=first')).toEqual({ a: ['first', 'second'] });
    expect(parseForm('items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2')).toEqual({
      items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
    });
  });

  it('reads unindexed lists (older stripe-ruby and stripe-php, the Stripe CLI), starting an element per repeated key', () => {
    expect(parseForm('expand[]=latest_charge&expand[]=customer')).toEqual({ expand: ['latest_charge', 'customer'] });
    expect(parseForm('items[][price]=p1&items[][quantity]=2&items[][price]=p2&items[][quantity]=3')).toEqual({
      items: [
        { price: 'p1', quantity: '2' },
        { price: 'p2', quantity: '3' },
      ],
    });
    expect(
      parseForm('items[][price_data][currency]=cad&items[][price_data][unit_amount]=500&items[][quantity]=1'),
    ).toEqual({
      items: [{ price_data: { currency: 'cad', unit_amount: '500' }, quantity: '1' }],
    });
  });

  it('decodes percent-encoded brackets, + as space, and leaves a stray % as sent', () => {
    expect(parseForm('metadata%5Border%5D=A+7&note=100%25%20off&odd=5%zz')).toEqual({
      metadata: { order: 'A 7' },
      note: '100% off',
      odd: '5%zz',
    });
  });

  it('keeps empty values (the "unset" marker) and keeps the last of a repeated plain key', () => {
    expect(parseForm('metadata[k]=&description=&flag')).toEqual({ metadata: { k: '' }, description: '', flag: '' });
    expect(parseForm('amount=100&amount=250')).toEqual({ amount: '250' });
  });

  it('keeps a sparse or huge index as an index-keyed hash, and never touches Object.prototype', () => {
    expect(parseForm('a[0]=x&a[b]=y')).toEqual({ a: { 0: 'x', b: 'y' } });
    expect(parseForm('a[300]=x')).toEqual({ a: { 300: 'x' } });
    const parsed = parseForm('__proto__[polluted]=1&constructor=c');
    expect(parsed).toEqual({ constructor: 'c' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('lists over HTTP', () => {
  const t = simulatorForFile();

  it('a Checkout Session takes line items sent unindexed (a[][b]) exactly as sent indexed (a[0][b])', async () => {
    const item = (prefix: string, name: string, amount: number) =>
      `${prefix}[price_data][currency]=cad&${prefix}[price_data][product_data][name]=${name}` +
      `&${prefix}[price_data][unit_amount]=${amount}&${prefix}[quantity]=1`;
    const common = 'mode=payment&success_url=http%3A%2F%2F127.0.0.1%2Fok';
    const indexed = await t.http('POST', '/v1/checkout/sessions', {
      body: `${common}&${item('line_items[0]', 'Tea', 450)}&${item('line_items[1]', 'Scone', 325)}`,
    });
    const unindexed = await t.http('POST', '/v1/checkout/sessions', {
      body: `${common}&${item('line_items[]', 'Tea', 450)}&${item('line_items[]', 'Scone', 325)}`,
    });
    expect(indexed.status, JSON.stringify(indexed.body)).toBe(200);
    expect(unindexed.status, JSON.stringify(unindexed.body)).toBe(200);
    expect(unindexed.body.amount_total).toBe(775);
    const lineItems = async (id: string) => {
      const items = await t.http('GET', `/v1/checkout/sessions/${id}/line_items`);
      return (items.body.data as { description: string; amount_total: number }[]).map((li) => [
        li.description,
        li.amount_total,
      ]);
    };
    const expected = [
      ['Tea', 450],
      ['Scone', 325],
    ];
    expect(await lineItems(unindexed.body.id)).toEqual(expected);
    expect(await lineItems(indexed.body.id)).toEqual(expected);
  });
});
