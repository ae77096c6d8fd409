/** Taking a card: the quote main computes, the card form's settings, and paying, checking and canceling an order. */
import type { CartInput, Quote } from '#shared/contract';
import { paymentsNotSetUp } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { SettingsStore } from '../settings/settings-store';
import type { CheckoutService } from './checkout-service';
import type { LinkQueries } from './link-state';
import type { PayByLink } from './pay-by-link';
import type { StripeConnection } from './stripe-client';

export interface PaymentsDeps {
  /** Null when Till has no Stripe to talk to: every payment channel then says so. */
  checkout: CheckoutService | null;
  /** Pay-by-link, null like `checkout` without Stripe. */
  links: PayByLink | null;
  /** What the log says of an order's latest link (no Stripe call). */
  linkQueries: LinkQueries;
  connection: StripeConnection | null;
  settings: SettingsStore;
  price(cart: CartInput): Quote;
}

export function paymentsHandlers({ checkout, links, linkQueries, connection, settings, price }: PaymentsDeps) {
  const payments = () => {
    if (!checkout || !links || !connection) throw paymentsNotSetUp();
    return { checkout, links, connection };
  };
  return defineHandlers({
    'checkout.quote': (cart) => price(cart),
    'checkout.config': () => {
      const { connection: c } = payments();
      return {
        mode: c.mode,
        publishableKey: c.publishableKey,
        stripeJsUrl: c.stripeJsUrl ?? null,
        currency: settings.shop().currency,
        motoEnabled: settings.payments().motoEnabled,
      };
    },
    'checkout.pay': (input, caller) => payments().checkout.pay(input, caller),
    'checkout.sendLink': (input, caller) => payments().links.send(input, caller),
    'checkout.closeLink': async ({ orderId }, caller) => ({ result: await payments().links.close(orderId, caller) }),
    'checkout.link': ({ orderId }) => ({ link: linkQueries.latest(orderId) }),
    'checkout.refresh': ({ orderId }, caller) => payments().checkout.refresh(orderId, caller),
    'checkout.cancel': ({ orderId }, caller) => payments().checkout.cancel(orderId, caller),
  });
}
