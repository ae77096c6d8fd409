/**
 * Stripe's test PaymentMethod ids (`pm_card_visa`, …). Using one anywhere a PaymentMethod id is accepted clones a
 * fresh `pm_…` for that card, as Stripe does; the table maps each to its test card number.
 */
const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_mastercard_prepaid: '5105105105105100',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_diners: '3056930009020004',
  pm_card_jcb: '3566002020360505',
  pm_card_unionpay: '6200000000000005',
  pm_card_us: '4242424242424242',
  pm_card_br: '4000000760000002',
  pm_card_ca: '4000001240000000',
  pm_card_gb: '4000008260000000',
  pm_card_fr: '4000002500000003',
  pm_card_de: '4000002760000016',
  // Declines
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  pm_card_chargeDeclinedFraudulent: '4100000000000019',
  pm_card_radarBlock: '4100000000000019',
  pm_card_chargeCustomerFail: '4000000000000341',
  // Radar / checks
  pm_card_riskLevelHighest: '4000000000004954',
  pm_card_riskLevelElevated: '4000000000009235',
  pm_card_cvcCheckFail: '4000000000000101',
  pm_card_avsZipFail: '4000000000000036',
  pm_card_avsLine1Fail: '4000000000000028',
  pm_card_avsFail: '4000000000000010',
  pm_card_avsUnchecked: '4000000000000044',
  // 3D Secure
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_authenticationRequiredSetupForOffSession: '4000003800000446',
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: '4000008260003178',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_threeDSecureRequired: '4000000000003220',
  pm_card_threeDSecureOptional: '4000000000003055',
  // Balance, disputes, refunds
  pm_card_bypassPending: '4000000000000077',
  pm_card_bypassPendingInternational: '4000003720000278',
  pm_card_createDispute: '4000000000000259',
  pm_card_createDisputeProductNotReceived: '4000000000002685',
  pm_card_createDisputeInquiry: '4000000000001976',
  pm_card_createIssuerFraudRecord: '4000000000005423',
  pm_card_createMultipleDisputes: '4000000404000079',
  pm_card_pendingRefund: '4000000000007726',
  pm_card_refundFail: '4000000000005126',
};

/** Legacy test tokens (`tok_visa`, …) map the same way, for `card[token]=tok_…`. */
const TEST_TOKENS: Record<string, string> = Object.fromEntries(
  Object.entries(TEST_PAYMENT_METHODS).map(([id, number]) => [id.replace(/^pm_card_/, 'tok_'), number]),
);

export function testPaymentMethodNumber(id: string): string | undefined {
  return Object.hasOwn(TEST_PAYMENT_METHODS, id) ? TEST_PAYMENT_METHODS[id] : undefined;
}

export function testTokenNumber(id: string): string | undefined {
  return Object.hasOwn(TEST_TOKENS, id) ? TEST_TOKENS[id] : undefined;
}

export const testPaymentMethodIds = (): string[] => Object.keys(TEST_PAYMENT_METHODS);
