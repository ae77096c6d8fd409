import { TEST_OWNER_PIN } from '../support/demo-shop';

/**
 * One valid-looking input per channel, for tests that walk every channel: the fuzz mutates them one field at a
 * time, the secrets walk sends them. `ids` fills in what only a running log knows (a product, an order).
 */
export function channelExamples(ids: { productId: string; orderId: string; staffId: string }): Record<string, unknown> {
  const line = { kind: 'product', productId: ids.productId, quantity: 1 };
  const product = {
    sku: 'FZ-1',
    name: 'Fuzz hat',
    description: '',
    unitPrice: 1000,
    taxClass: 'standard',
    barcode: null,
  };
  return {
    'app.info': undefined,
    'catalog.list': { search: 'boots' },
    'catalog.byBarcode': { barcode: '0627843512345' },
    'catalog.add': { ...product, pin: TEST_OWNER_PIN },
    'catalog.update': { ...product, id: ids.productId, pin: TEST_OWNER_PIN },
    'catalog.archive': { id: ids.productId, archived: false, pin: TEST_OWNER_PIN },
    'catalog.delete': { id: 'no-such-product', pin: TEST_OWNER_PIN },
    'catalog.importPreview': { csv: 'SKU,Name,Price,Tax class\nFZ-2,Cap,1.00,standard' },
    'catalog.import': { csv: 'SKU,Name,Price,Tax class\nFZ-2,Cap,1.00,standard', rows: [2], pin: TEST_OWNER_PIN },
    'catalog.exportCsv': undefined,
    'orders.list': { status: 'paid', limit: 5 },
    'orders.get': { orderId: ids.orderId },
    'orders.exportCsv': { status: 'paid' },
    'orders.refund': { orderId: ids.orderId, amount: 1, reason: 'duplicate', note: '', pin: TEST_OWNER_PIN },
    'database.backup': undefined,
    'window.openHistory': undefined,
    'checkout.quote': { lines: [line] },
    'checkout.config': undefined,
    'checkout.pay': {
      checkoutId: '0190b6a0-7c4d-7d4e-8f00-00000000f022',
      cart: { lines: [line] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
      note: '',
      confirmationTokenId: 'ctoken_fuzz',
    },
    'checkout.refresh': { orderId: ids.orderId },
    'checkout.cancel': { orderId: 'no-such-order' },
    'receipt.savePdf': { orderId: ids.orderId },
    'events.status': undefined,
    'settings.get': undefined,
    'settings.update': { autoLockMinutes: 30, pin: TEST_OWNER_PIN },
    'owner.pinStatus': undefined,
    'owner.setPin': { pin: TEST_OWNER_PIN, currentPin: TEST_OWNER_PIN },
    'keys.status': undefined,
    'keys.save': { publishableKey: 'pk_test_fuzz', secretKey: 'sk_test_fuzz', pin: TEST_OWNER_PIN },
    'keys.remove': { pin: TEST_OWNER_PIN },
    'setup.status': undefined,
    'setup.complete': { start: 'demo', owner: { name: 'Owner', pin: '2468', pinAgain: '2468' } },
    'shop.get': undefined,
    'shop.update': { name: 'Fuzz Shop', pin: TEST_OWNER_PIN },
    'staff.roster': undefined,
    'staff.signIn': { staffId: ids.staffId, pin: '1357' },
    'staff.signOut': undefined,
    'staff.current': undefined,
    'staff.list': undefined,
    'staff.add': { name: 'Fuzz Clerk', role: 'clerk', newPin: '8642', newPinAgain: '8642', pin: TEST_OWNER_PIN },
    'staff.update': { id: ids.staffId, name: 'Sam Fuzz', pin: TEST_OWNER_PIN },
    'audit.list': { filter: { action: 'staff' }, limit: 5 },
    'audit.exportCsv': { filter: { action: 'refund' } },
  };
}
