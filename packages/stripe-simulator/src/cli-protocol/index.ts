/**
 * The Stripe CLI protocol (`stripe listen`, `stripe logs tail`, `stripe events resend`) as a simulator plugin.
 * `startSimulator` installs `stripeCliProtocol`; `stripeCliServer(sim)` inspects sessions and deliveries.
 */
export { CLI_SUBPROTOCOL, createStripeCliProtocol, stripeCliProtocol, stripeCliServer } from './plugin';
export { webhookHeaders } from './frames';
export type {
  CliDelivery,
  CliSessionInfo,
  CliWebhookResponse,
  LogFilters,
  StripeCliProtocolOptions,
  StripeCliServer,
} from './types';
