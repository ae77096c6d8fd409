/**
 * Every free-text field of the contract refuses a card number, with the message next to that field, before any
 * handler runs. The list of string fields is read from the contract itself, so a new one cannot be added without
 * being classed here: free text (and tested) or not (an id, a PIN, a search that is never stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '#shared/contract';
import { CARD_NUMBER_MESSAGE } from '#shared/free-text';
import { startTill, type TestTill } from '../support/till';

const CARD = '4242 4242 4242 4242';
const ORDER_ID = '0192f0c0-0000-7000-8000-000000000001';
const customLine = (description: string) => ({ kind: 'custom', description, unitPrice: 1000, taxClass: 'standard' });
const pay = (change: (input: Record<string, unknown>) => void) => {
  const input: Record<string, unknown> = {
    checkoutId: ORDER_ID,
    cart: { lines: [customLine('Safety glasses')] },
    customer: { name: 'Jane Caller', phone: '250 555 0101' },
    note: '',
    confirmationTokenId: 'ctoken_1',
  };
  change(input);
  return input;
};
/** The same order sent as a payment link: the pay input without the card form's token. */
const link = (change: (input: Record<string, unknown>) => void) => {
  const { confirmationTokenId: _token, ...input } = pay(change) as Record<string, unknown>;
  return input;
};
const refund = (note: string) => ({ orderId: ORDER_ID, amount: 100, reason: 'requested_by_customer', note });

const setUp = (change: (input: { shop: Record<string, unknown>; taxes: object[]; owner: object }) => void) => {
  const input = {
    start: 'own',
    shop: {
      name: 'Lakeside Hardware',
      address: '12 Front St W',
      phone: '416 555 0199',
      taxNumbers: [{ label: 'HST', number: '987654321 RT0001' }],
      currency: 'CAD',
    },
    taxes: [{ taxClass: 'standard', name: 'HST', rateBp: 1300 }],
    owner: { name: 'Dana Lake', pin: '135790', pinAgain: '135790' },
  };
  change(input);
  return input;
};

const product = (change: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  sku: 'GL-1',
  name: 'Safety glasses',
  barcode: '',
  description: '',
  unitPrice: 1000,
  taxClass: 'standard',
  ...extra,
  ...change,
});

const shopUpdate = (change: Record<string, unknown>) => ({
  name: 'Lakeside Hardware',
  address: '12 Front St W',
  phone: '416 555 0199',
  taxNumbers: [{ label: 'HST', number: '987654321 RT0001' }],
  pin: '2468',
  ...change,
});

/** channel.path → the channel's input with a card number in that field. */
const FREE_TEXT: Record<string, [channel: keyof typeof contract, input: unknown, field: string]> = {
  'checkout.quote.lines[].description': ['checkout.quote', { lines: [customLine(CARD)] }, 'lines.0.description'],
  'checkout.pay.cart.lines[].description': [
    'checkout.pay',
    pay((i) => (i.cart = { lines: [customLine(`gloves ${CARD}`)] })),
    'cart.lines.0.description',
  ],
  'checkout.pay.customer.name': [
    'checkout.pay',
    pay((i) => (i.customer = { name: CARD, phone: '250 555 0101' })),
    'customer.name',
  ],
  'checkout.pay.customer.phone': [
    'checkout.pay',
    pay((i) => (i.customer = { name: 'Jane', phone: CARD })),
    'customer.phone',
  ],
  'checkout.pay.note': ['checkout.pay', pay((i) => (i.note = `call back, card ${CARD}`)), 'note'],
  'checkout.sendLink.cart.lines[].description': [
    'checkout.sendLink',
    link((i) => (i.cart = { lines: [customLine(`gloves ${CARD}`)] })),
    'cart.lines.0.description',
  ],
  'checkout.sendLink.customer.name': [
    'checkout.sendLink',
    link((i) => (i.customer = { name: CARD, phone: '250 555 0101' })),
    'customer.name',
  ],
  'checkout.sendLink.customer.phone': [
    'checkout.sendLink',
    link((i) => (i.customer = { name: 'Jane', phone: CARD })),
    'customer.phone',
  ],
  'checkout.sendLink.note': ['checkout.sendLink', link((i) => (i.note = `call back, card ${CARD}`)), 'note'],
  'orders.refund.note': ['orders.refund', refund(`was ${CARD}`), 'note'],
  'catalog.add.sku': ['catalog.add', product({ sku: CARD }, {}), 'sku'],
  'catalog.add.name': ['catalog.add', product({ name: `glasses ${CARD}` }, {}), 'name'],
  'catalog.add.description': ['catalog.add', product({ description: `ask for ${CARD}` }, {}), 'description'],
  'catalog.update.sku': ['catalog.update', product({ sku: CARD }, { id: 'p1' }), 'sku'],
  'catalog.update.name': ['catalog.update', product({ name: `glasses ${CARD}` }, { id: 'p1' }), 'name'],
  'catalog.update.description': [
    'catalog.update',
    product({ description: `ask for ${CARD}` }, { id: 'p1' }),
    'description',
  ],
  'setup.complete.shop.name': ['setup.complete', setUp((i) => (i.shop.name = CARD)), 'shop.name'],
  'setup.complete.shop.address': ['setup.complete', setUp((i) => (i.shop.address = `PO ${CARD}`)), 'shop.address'],
  'setup.complete.shop.phone': ['setup.complete', setUp((i) => (i.shop.phone = CARD)), 'shop.phone'],
  'setup.complete.shop.taxNumbers[].label': [
    'setup.complete',
    setUp((i) => (i.shop.taxNumbers = [{ label: CARD, number: '987654321 RT0001' }])),
    'shop.taxNumbers.0.label',
  ],
  'setup.complete.shop.taxNumbers[].number': [
    'setup.complete',
    setUp((i) => (i.shop.taxNumbers = [{ label: 'HST', number: CARD }])),
    'shop.taxNumbers.0.number',
  ],
  'setup.complete.taxes[].name': [
    'setup.complete',
    setUp((i) => (i.taxes = [{ taxClass: 'standard', name: CARD, rateBp: 1300 }])),
    'taxes.0.name',
  ],
  'setup.complete.owner.name': [
    'setup.complete',
    setUp((i) => (i.owner = { name: CARD, pin: '135790', pinAgain: '135790' })),
    'owner.name',
  ],
  'shop.update.name': ['shop.update', shopUpdate({ name: CARD }), 'name'],
  'shop.update.address': ['shop.update', shopUpdate({ address: `PO ${CARD}` }), 'address'],
  'shop.update.phone': ['shop.update', shopUpdate({ phone: CARD }), 'phone'],
  'shop.update.taxNumbers[].label': [
    'shop.update',
    shopUpdate({ taxNumbers: [{ label: CARD, number: '987654321 RT0001' }] }),
    'taxNumbers.0.label',
  ],
  'shop.update.taxNumbers[].number': [
    'shop.update',
    shopUpdate({ taxNumbers: [{ label: 'HST', number: CARD }] }),
    'taxNumbers.0.number',
  ],
  'staff.add.name': [
    'staff.add',
    { name: CARD, role: 'clerk', newPin: '1357', newPinAgain: '1357', pin: '2468' },
    'name',
  ],
  'staff.update.name': ['staff.update', { id: 'owner', name: CARD, pin: '2468' }, 'name'],
};

/** String fields that are not free text, and why. */
const NOT_FREE_TEXT: Record<string, string> = {
  'catalog.list.search': 'a search, never stored',
  'orders.list.search': 'a search, never stored',
  'orders.totals.search': 'a search, never stored',
  'orders.exportCsv.search': 'a search; the audit log keeps only which filters were used',
  'checkout.quote.lines[].productId': 'an id main looks up',
  'checkout.pay.cart.lines[].productId': 'an id main looks up',
  'checkout.pay.customer.email': 'an email address, checked as one',
  'checkout.sendLink.customer.email': 'an email address, checked as one',
  'checkout.sendLink.cart.lines[].productId': 'an id main looks up',
  'checkout.closeLink.orderId': 'an id',
  'checkout.link.orderId': 'an id',
  'orders.sendReceipt.orderId': 'an id',
  'orders.sendReceipt.email': 'an email address, checked as one',
  'settings.update.linkReturnUrl': 'a web address, https only, checked as one',
  'orders.list.from': 'a calendar day',
  'orders.list.to': 'a calendar day',
  'orders.totals.from': 'a calendar day',
  'orders.totals.to': 'a calendar day',
  'orders.exportCsv.from': 'a calendar day',
  'orders.exportCsv.to': 'a calendar day',
  'orders.exportLines.search': 'a search; the audit log keeps only which filters were used',
  'orders.exportLines.from': 'a calendar day',
  'orders.exportLines.to': 'a calendar day',
  'orders.exportLines.staffId': 'an id',
  'checkout.pay.confirmationTokenId': 'a ctoken_ id',
  'checkout.refresh.orderId': 'an id',
  'checkout.cancel.orderId': 'an id',
  'orders.get.orderId': 'an id',
  'orders.disputeEvidence.orderId': 'an id',
  'orders.refund.orderId': 'an id',
  'receipt.savePdf.orderId': 'an id',
  'orders.refund.pin': 'a PIN, never stored',
  'endOfDay.close.pin': 'a PIN, never stored',
  'endOfDay.get.day': 'a calendar day',
  'endOfDay.close.day': 'a calendar day',
  'endOfDay.exportCsv.day': 'a calendar day',
  'settings.update.pin': 'a PIN, never stored',
  'backup.chooseFolder.pin': 'a PIN, never stored',
  'backup.update.pin': 'a PIN, never stored',
  'backup.restore.pin': 'a PIN, never stored',
  'backup.restore.name': 'a backup file name, Till-backup- and a date only',
  'owner.setPin.pin': 'a PIN, stored as a hash',
  'owner.setPin.currentPin': 'a PIN, never stored',
  'keys.save.publishableKey': 'a Stripe key, checked with Stripe and kept only in the key vault',
  'keys.save.secretKey': 'a Stripe key, checked with Stripe and kept only in the key vault',
  'keys.save.pin': 'a PIN, never stored',
  'keys.remove.pin': 'a PIN, never stored',
  'setup.complete.owner.pin': 'a PIN, stored as a hash',
  'catalog.add.barcode': 'a barcode: 6 to 14 digits',
  'catalog.update.barcode': 'a barcode: 6 to 14 digits',
  'catalog.byBarcode.barcode': 'a barcode: 6 to 14 digits',
  'catalog.update.id': 'an id',
  'catalog.archive.id': 'an id',
  'catalog.delete.id': 'an id',
  'catalog.add.pin': 'a PIN, never stored',
  'catalog.update.pin': 'a PIN, never stored',
  'catalog.archive.pin': 'a PIN, never stored',
  'catalog.delete.pin': 'a PIN, never stored',
  'catalog.import.pin': 'a PIN, never stored',
  'catalog.importPreview.csv': 'a CSV file: each cell is checked as free text, a card number is a row error',
  'catalog.import.csv': 'a CSV file: each cell is checked as free text, a card number is a row error',
  'setup.complete.owner.pinAgain': 'a PIN, never stored',
  'setup.complete.shop.currency': 'a currency code from Stripe’s list',
  'shop.update.pin': 'a PIN, never stored',
  'audit.list.filter.action': 'an action id: lower-case letters, dots and underscores only',
  'audit.list.filter.from': 'a calendar day',
  'audit.list.filter.to': 'a calendar day',
  'audit.list.filter.orderId': 'an id',
  'audit.list.filter.staffId': 'an id',
  'audit.exportCsv.filter.action': 'an action id: lower-case letters, dots and underscores only',
  'audit.exportCsv.filter.from': 'a calendar day',
  'audit.exportCsv.filter.to': 'a calendar day',
  'audit.exportCsv.filter.orderId': 'an id',
  'audit.exportCsv.filter.staffId': 'an id',
  'orders.list.staffId': 'an id',
  'orders.totals.staffId': 'an id',
  'orders.exportCsv.staffId': 'an id',
  'staff.add.newPin': 'a PIN, stored as a hash',
  'staff.add.newPinAgain': 'a PIN, never stored',
  'staff.add.pin': 'a PIN, never stored',
  'staff.signIn.pin': 'a PIN, never stored',
  'staff.signIn.staffId': 'an id',
  'staff.update.id': 'an id',
  'staff.update.newPin': 'a PIN, stored as a hash',
  'staff.update.newPinAgain': 'a PIN, never stored',
  'staff.update.pin': 'a PIN, never stored',
};

type Json = Record<string, unknown>;
function stringFields(schema: Json, path: string, defs: Json, into: Set<string>): void {
  if (schema.$ref) return stringFields(defs[String(schema.$ref).split('/').pop()!] as Json, path, defs, into);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    for (const branch of (schema[key] as Json[] | undefined) ?? []) stringFields(branch, path, defs, into);
  }
  if (schema.type === 'string' && !schema.enum && schema.const === undefined && schema.format !== 'uuid') {
    into.add(path);
  }
  for (const [key, value] of Object.entries((schema.properties as Json | undefined) ?? {})) {
    stringFields(value as Json, `${path}.${key}`, defs, into);
  }
  if (schema.items) stringFields(schema.items as Json, `${path}[]`, defs, into);
}

describe('card numbers in free text', () => {
  let core: TestTill;
  beforeAll(async () => {
    core = await startTill();
  });
  afterAll(() => core.stop());

  it("every string field of the contract's inputs is classed as free text or not", () => {
    const fields = new Set<string>();
    for (const [channel, { input }] of Object.entries(contract)) {
      const schema = z.toJSONSchema(input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Json;
      stringFields(schema, channel, (schema.$defs as Json | undefined) ?? {}, fields);
    }
    expect([...fields].sort()).toEqual([...Object.keys(FREE_TEXT), ...Object.keys(NOT_FREE_TEXT)].sort());
  });

  it.each(Object.entries(FREE_TEXT))(
    '%s refuses a card number next to the field',
    async (_path, [channel, input, field]) => {
      const result = await core.call(channel, input);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', field, message: expect.stringContaining(CARD_NUMBER_MESSAGE) },
      });
    },
  );
});
