/**
 * The Stripe.js stand-in as a simulator plugin: serves the browser assets built from ../browser (the script that
 * defines `window.Stripe`, and the card frames) from the simulator's origin. See the README, "Stripe.js stand-in".
 */
export {
  STRIPE_JS_PATH,
  STRIPE_JS_PATHS,
  createStripeJsStandIn,
  frameCsp,
  parseEmbedderOrigin,
  stripeJsStandIn,
  type StripeJsStandInOptions,
} from './plugin';
