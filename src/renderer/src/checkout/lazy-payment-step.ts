import { lazy } from 'react';

/**
 * The payment step's chunk (payment-step.ts), fetched once. The Checkout page's first load stops at the catalog:
 * the card form's code is about a quarter of what remains besides React, and the clerk first searches and adds
 * items, so it loads right after the catalog shows, while Stripe.js is still on its way anyway.
 */
let paymentStep: Promise<typeof import('./payment-step')> | undefined;
export const loadPaymentStep = () => (paymentStep ??= import('./payment-step'));

export const CardPayment = lazy(() => loadPaymentStep().then((module) => ({ default: module.CardPayment })));
export const Receipt = lazy(() => loadPaymentStep().then((module) => ({ default: module.Receipt })));
export const ReceiptActions = lazy(() => loadPaymentStep().then((module) => ({ default: module.ReceiptActions })));
