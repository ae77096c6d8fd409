import { randomUUID } from 'node:crypto';
import { dispatch } from '#core/ipc/dispatch';
import type { PaymentOutcome } from '#shared/contract';
import { createConfirmationToken } from '../support/confirmation-token';
import type { RunningPreview } from '../support/preview';
import { ownerSession } from './owner-session';

/**
 * An order of BT-510 boots taken through main's checkout as the Checkout window takes it, paid with `card`: for
 * specs about the owner's side, which need orders but not the clerk's clicks (the clerk's side has its own tests).
 */
export async function takeOrder(
  preview: RunningPreview,
  name: string,
  card: string,
  { quantity = 1, phone = '250 555 0101', note = '' }: { quantity?: number; phone?: string; note?: string } = {},
): Promise<PaymentOutcome> {
  const simulator = preview.training!.simulator;
  const productId = preview.till.db.prepare("SELECT id FROM products WHERE sku = 'BT-510'").pluck().get();
  const result = await dispatch(
    preview.till.handlers,
    'checkout.pay',
    {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'product', productId, quantity }] },
      customer: { name, phone, email: '' },
      note,
      confirmationTokenId: await createConfirmationToken(simulator.url, simulator.keys.publishable, card),
    },
    undefined,
    await ownerSession(preview),
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value as PaymentOutcome;
}
