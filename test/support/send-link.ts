import { randomUUID } from 'node:crypto';
import type { LinkOutcome } from '#shared/contract';
import { TEST_OWNER_PIN } from './demo-shop';
import type { TestTill } from './till';

/**
 * The clerk sends a payment link for a new phone order of one HH-100, after the owner has set the web address
 * Stripe sends a paying customer back to (a link needs it). Throws unless the link is open.
 */
export async function sendLink(core: TestTill): Promise<LinkOutcome> {
  const updated = await core.call('settings.update', {
    linkReturnUrl: 'https://shop.example/thanks',
    pin: TEST_OWNER_PIN,
  });
  if (!updated.ok) throw new Error(updated.error.message);
  const sent = await core.call<LinkOutcome>('checkout.sendLink', {
    checkoutId: randomUUID(),
    cart: { lines: [{ kind: 'product', productId: core.productId('HH-100'), quantity: 1 }] },
    customer: { name: 'Pat Caller', phone: '250 555 0101', email: '' },
    note: '',
  });
  if (!sent.ok || sent.value.status !== 'open') throw new Error(`checkout.sendLink failed: ${JSON.stringify(sent)}`);
  return sent.value;
}
