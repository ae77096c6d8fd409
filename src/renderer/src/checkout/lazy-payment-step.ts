import { lazy } from 'react';

/**
 * The payment step's chunk (payment-step.ts), fetched once. The Checkout page's first load stops at the catalog:
 * the card form's code was a sixth of what the page loaded, and the clerk first searches and adds items, so it
 * loads once the catalog has shown (CheckoutPage renders the card form when next idle), and Stripe.js, which the form waits
 * for in any case, with it.
 */
let paymentStep: ReturnType<typeof importPaymentStep> | undefined;
const importPaymentStep = () => import('./payment-step');
const loadPaymentStep = () => (paymentStep ??= importPaymentStep());

export const CardPayment = lazy(() => loadPaymentStep().then((module) => ({ default: module.CardPayment })));
export const Receipt = lazy(() => loadPaymentStep().then((module) => ({ default: module.Receipt })));
export const ReceiptActions = lazy(() => loadPaymentStep().then((module) => ({ default: module.ReceiptActions })));
