import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import type { CheckoutConfig } from '#shared/contract';

/**
 * Loads Stripe.js the way the mode needs. With real Stripe, `loadStripe` (the `pure` entry, so nothing loads as
 * a side effect of importing it) fetches js.stripe.com. In training mode the simulator serves a stand-in with the
 * same API; loading it first defines `window.Stripe`, which `loadStripe` then uses instead of fetching.
 */
export async function loadStripeFor(config: CheckoutConfig): Promise<Stripe | null> {
  if (config.stripeJsUrl) await loadScript(config.stripeJsUrl);
  return loadStripe(config.publishableKey);
}

function loadScript(src: string): Promise<void> {
  const existing = document.querySelector<HTMLScriptElement>(`script[src="${CSS.escape(src)}"]`);
  if (existing && 'Stripe' in window) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = existing ?? document.createElement('script');
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`Could not load the card form from ${src}`)), {
      once: true,
    });
    if (!existing) {
      script.src = src;
      document.head.appendChild(script);
    }
  });
}
