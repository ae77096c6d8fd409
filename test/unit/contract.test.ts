import { describe, expect, it } from 'vitest';
import { CHANNELS } from '#shared/channels';
import { contract } from '#shared/contract';
import { dispatch, type Handlers } from '#core/ipc/dispatch';
import { TillFailure } from '#core/errors';

const unused = () => {
  throw new Error('not called in these tests');
};

/** Handlers that record what reached them, so a test can prove that a bad input reached nothing. */
function recordingHandlers() {
  const calls: [string, unknown][] = [];
  const handlers: Handlers = {
    'app.info': () => {
      calls.push(['app.info', undefined]);
      return {
        version: '1.0.0',
        mode: 'training',
        dataDir: '/tmp/x',
        currency: 'CAD',
        shopName: 'Shop',
        host: 'browser',
        accountName: null,
        orderLog: '/tmp/till.sqlite',
      };
    },
    'catalog.list': (input) => {
      calls.push(['catalog.list', input]);
      return [];
    },
    'orders.list': (input) => {
      calls.push(['orders.list', input]);
      return { orders: [], hasMore: false, nextCursor: null };
    },
    'orders.totals': () => ({ totals: [], daily: null }),
    'window.openHistory': () => ({ url: null }),
    'checkout.quote': (input) => {
      calls.push(['checkout.quote', input]);
      return { currency: 'CAD', lines: [], subtotal: 0, taxes: [], taxTotal: 0, total: 0 };
    },
    'orders.get': unused,
    'orders.exportCsv': unused,
    'orders.exportLines': unused,
    'orders.cancelExport': unused,
    'orders.sendReceipt': unused,
    'orders.disputeEvidence': unused,
    'orders.refund': (input) => {
      calls.push(['orders.refund', input]);
      return { orderId: input.orderId, status: 'succeeded', message: 'Refunded', amountRefunded: input.amount };
    },
    'database.backup': unused,
    'backup.status': unused,
    'backup.chooseFolder': unused,
    'backup.update': unused,
    'backup.now': unused,
    'backup.restore': unused,
    'checkout.config': unused,
    'checkout.pay': unused,
    'checkout.refresh': unused,
    'checkout.cancel': unused,
    'checkout.sendLink': unused,
    'checkout.closeLink': unused,
    'checkout.link': unused,
    'endOfDay.get': unused,
    'endOfDay.close': unused,
    'endOfDay.exportCsv': unused,
    'receipt.savePdf': unused,
    'events.status': unused,
    'settings.get': unused,
    'settings.update': unused,
    'owner.pinStatus': unused,
    'owner.setPin': unused,
    'keys.status': unused,
    'keys.save': unused,
    'keys.remove': unused,
    'staff.roster': unused,
    'staff.signIn': unused,
    'staff.signOut': unused,
    'staff.current': unused,
    'staff.list': unused,
    'staff.add': unused,
    'staff.update': unused,
    'audit.list': unused,
    'audit.exportCsv': unused,
    'setup.status': unused,
    'setup.complete': unused,
    'catalog.byBarcode': unused,
    'catalog.add': unused,
    'catalog.update': unused,
    'catalog.archive': unused,
    'catalog.delete': unused,
    'catalog.importPreview': unused,
    'catalog.import': unused,
    'catalog.exportCsv': unused,
    'shop.get': unused,
    'shop.update': unused,
  };
  return { handlers, calls };
}

describe('the IPC contract', () => {
  it('has a schema for every channel and no schema without a channel', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort());
  });

  it.each([
    ['a number where text belongs', { search: 42 }, 'search'],
    ['an over-long search', { search: 'x'.repeat(101) }, 'search'],
    ['an unknown field', { serach: 'hat' }, 'serach'],
    ['a non-boolean flag', { includeArchived: 'yes' }, 'includeArchived'],
    ['an array instead of an object', ['hat'], ''],
    ['a string instead of an object', 'hat', ''],
  ])('rejects %s for catalog.list, naming the field, without calling the handler', async (_label, input, field) => {
    const { handlers, calls } = recordingHandlers();
    const result = await dispatch(handlers, 'catalog.list', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/^Invalid input for catalog\.list: /);
    if (field) {
      expect(result.error.field).toBe(field);
      expect(result.error.message).toContain(`"${field}"`);
    }
    expect(calls).toEqual([]);
  });

  it('rejects limits outside 1..500 for orders.list', async () => {
    const { handlers, calls } = recordingHandlers();
    for (const limit of [0, -1, 501, 2.5]) {
      const result = await dispatch(handlers, 'orders.list', { limit });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'limit' } });
    }
    expect(calls).toEqual([]);
  });

  it.each([
    ['a date that is not YYYY-MM-DD', { from: '22/11/2026' }, 'from'],
    ['an impossible date', { to: '2026-02-30' }, 'to'],
    ['an end date before the start date', { from: '2026-11-22', to: '2026-11-21' }, 'to'],
    ['a negative amount', { minTotal: -100 }, 'minTotal'],
    ['a fractional amount of cents', { maxTotal: 10.5 }, 'maxTotal'],
    ['a largest amount below the smallest', { minTotal: 5000, maxTotal: 1000 }, 'maxTotal'],
    ['an over-long search', { search: '1'.repeat(101) }, 'search'],
  ])('refuses %s in the history filter, naming the field', async (_label, input, field) => {
    const { handlers, calls } = recordingHandlers();
    const result = await dispatch(handlers, 'orders.list', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
    expect(calls).toEqual([]);
  });

  const refund = { orderId: 'order-1', amount: 1250, reason: 'requested_by_customer', note: '', pin: '2468' };
  it.each([
    ['no amount', { ...refund, amount: undefined }, 'amount'],
    ['a refund of nothing', { ...refund, amount: 0 }, 'amount'],
    ['a fractional amount of cents', { ...refund, amount: 12.5 }, 'amount'],
    ['a reason Stripe does not know', { ...refund, reason: 'changed_mind' }, 'reason'],
    ['a card number in the note', { ...refund, note: 'card 4242 4242 4242 4242' }, 'note'],
    ['an over-long PIN', { ...refund, pin: '123456789' }, 'pin'],
    ['an amount given as text', { ...refund, amount: '12.50' }, 'amount'],
  ])('refuses %s in a refund, naming the field', async (_label, input, field) => {
    const { handlers, calls } = recordingHandlers();
    const result = await dispatch(handlers, 'orders.refund', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
    expect(calls).toEqual([]);
  });

  it('rejects input for a channel that takes none', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await dispatch(handlers, 'app.info', { version: '9.9.9' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'version' } });
    expect(calls).toEqual([]);
  });

  it('passes valid input through, trimmed', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await dispatch(handlers, 'catalog.list', { search: '  hat  ' });
    expect(result).toEqual({ ok: true, value: [] });
    expect(calls).toEqual([['catalog.list', { search: 'hat' }]]);
  });

  it('refuses unknown channels', async () => {
    const { handlers } = recordingHandlers();
    const result = await dispatch(handlers, 'orders.deleteAll', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('turns a TillFailure into its own message and any other exception into a generic one', async () => {
    const { handlers } = recordingHandlers();
    handlers['orders.list'] = () => {
      throw new TillFailure({ code: 'not_found', message: 'No such order.' });
    };
    handlers['catalog.list'] = () => {
      throw new Error('SQLITE_CORRUPT at /home/owner/secret/path');
    };
    expect(await dispatch(handlers, 'orders.list', {})).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such order.' },
    });
    const internal = await dispatch(handlers, 'catalog.list', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('SQLITE_CORRUPT');
  });

  const paid = {
    orderId: 'order-1',
    orderNumber: 1001,
    status: 'paid',
    message: 'Paid: $21.00',
    clientSecret: null,
    declineCode: null,
  } as const;
  const receipt = {
    shop: { name: 'Shop', address: '1 Main St', phone: '250 555 0100', taxNumbers: [] },
    id: 'order-1',
    number: 1001,
    currency: 'CAD',
    lines: [
      {
        productId: 'p1',
        sku: 'HAT-1',
        description: 'Hard hat',
        quantity: 1,
        unitPrice: 2000,
        taxClass: 'standard' as const,
        subtotal: 2000,
        tax: 100,
        total: 2100,
      },
    ],
    subtotal: 2000,
    taxes: [{ name: 'GST', rateBp: 500, amount: 100 }],
    total: 2100,
    amountRefunded: 0,
    refunds: [],
    customerName: 'Pat Caller',
    card: { brand: 'visa', last4: '4242' },
    createdAt: 1_700_000_000_000,
    paidAt: 1_700_000_001_000,
    clerk: 'Sam',
  };

  it("carries a paid order's receipt in checkout.pay's answer, and nothing of the order beyond it", async () => {
    const { handlers } = recordingHandlers();
    // The customer's copy never carries the PaymentIntent id, even if core put it there.
    const fromTheLog = { ...receipt, customerPhone: '250 555 0101', note: 'Side door', paymentIntentId: 'pi_123' };
    handlers['checkout.pay'] = () => ({ ...paid, receipt: fromTheLog });
    const result = await dispatch(handlers, 'checkout.pay', {
      checkoutId: '0190b6a0-7c4d-7d4e-8f00-000000000001',
      cart: { lines: [{ kind: 'product', productId: 'p1', quantity: 1 }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: 'ctoken_123',
    });
    expect(result).toEqual({ ok: true, value: { ...paid, receipt } });
  });

  it('refuses a payment answer that leaves out whether a receipt came with it', async () => {
    const { handlers } = recordingHandlers();
    handlers['checkout.refresh'] = () => paid as never;
    const result = await dispatch(handlers, 'checkout.refresh', { orderId: 'order-1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('refuses to send an answer that does not match the contract', async () => {
    const { handlers } = recordingHandlers();
    handlers['catalog.list'] = () => [{ id: 'p1', name: 'Hat' }] as never;
    const result = await dispatch(handlers, 'catalog.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
