/** What route modules get: the Stripe-semantics `route()` helper, the engine and the raw fastify app. */
import type { FastifyInstance } from 'fastify';
import type { StripeRouteOptions } from '../context';
import type { Engine } from '../engine';

export interface Registrar {
  engine: Engine;
  app: FastifyInstance;
  route(options: StripeRouteOptions): void;
}

/** Stripe.js sends these along with confirmations; they are accepted and ignored. */
export const STRIPE_JS_EXTRAS = [
  'expected_payment_method_type',
  'spc_eligible',
  'client_context',
  'client_attribution_metadata',
  'guid',
  'muid',
  'sid',
  'payment_user_agent',
  'time_on_page',
  'referrer',
];
