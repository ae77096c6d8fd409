import { lazy } from 'react';

/**
 * The payment step's chunk (payment-step.ts), fetched once. The Checkout page's first load stops at the catalog:
 * the card form's code was a sixth of what the page loaded, and the clerk first searches and adds items, so it
 * loads right after the catalog shows (CheckoutPage renders the card form then), and Stripe.js, which the form waits
 * for in any case, with it.
 */
let paymentStep: ReturnType<typeof importPaymentStep> | undefined;
const importPaymentStep = () => import('./payment-step');
const loadPaymentStep = () => (paymentStep ??= importPaymentStep());

export const CardPayment = lazy(() => loadPaymentStep().then((module) => ({ default: module.CardPayment })));
export const Receipt = lazy(() => loadPaymentStep().then((module) => ({ default: module.Receipt })));
export const ReceiptActions = lazy(() => loadPaymentStep().then((module) => ({ default: module.ReceiptActions })));
