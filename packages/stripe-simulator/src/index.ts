/**
 * Public API of the Stripe simulator. It imports nothing from the rest of Till and could be published on its own.
 * See README.md beside this file.
 */
export { startSimulator, DEFAULT_API_VERSION, DEFAULT_ACCOUNT_NAME } from './start';
export { requiredPermission } from './account/permissions';
export type { SimulatorOptions, RunningSimulator, SimulatorAdmin } from './options';
export type {
  AuthInfo,
  EventDelivery,
  EventListener,
  EventSubscription,
  RequestLogEntry,
  RouteAccess,
  SimulatorContext,
  SimulatorKeys,
  SimulatorPlugin,
  StripeRouteOptions,
  StripeRouteRequest,
} from './context';
export type { FaultConfig, FaultKind, FaultStatus } from './state/faults';
export { FAULT_KINDS } from './state/faults';
export { signPayload } from './events/signature';
export { SimulatorError } from './api/errors';
export * as errors from './api/errors';
export { THREE_DS_MESSAGE_TYPE } from './pages/three-ds';
export { allTestCards, type TestCard } from './cards/test-cards';
export type { Receipt } from './resources/receipts';
export { testPaymentMethodIds } from './cards/test-payment-methods';
