/**
 * Stripe's documented test cards (docs.stripe.com/testing, as summarised in the fidelity reference §3) and what the
 * simulator does with each. Any other number that passes the Luhn check behaves like 4242424242424242 for its brand.
 */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';
export type Funding = 'credit' | 'debit' | 'prepaid' | 'unknown';

/** A decline as the API reports it (error + failed charge). */
export interface Decline {
  code: string;
  declineCode?: string;
  message: string;
  param?: string;
  /** Charge.outcome for the failed charge. */
  outcome: {
    networkStatus: 'declined_by_network' | 'not_sent_to_network';
    reason: string;
    riskLevel: 'normal' | 'elevated' | 'highest';
    sellerMessage: string;
    type: 'issuer_declined' | 'blocked';
    rule?: string;
  };
  /** Radar blocks flag the charge as fraudulent. */
  fraudulent?: boolean;
}

export type ThreeDS =
  /** never asks (3DS not enrolled / not supported / frictionless) */
  | 'none'
  /** asks on-session; off-session payments fail with authentication_required (never set up here) */
  | 'required'
  /** always asks, whatever the setup; off-session fails with authentication_required */
  | 'always'
  /** asks on-session only; off-session succeeds (card already set up for off-session use) */
  | 'on_session_only';

export type DisputeKind = 'fraudulent' | 'product_not_received' | 'inquiry' | 'multiple';

export interface TestCard {
  number: string;
  brand: CardBrand;
  funding: Funding;
  country: string;
  /** Declined when charged (attach to a customer still works only for `attachable` cards). */
  decline?: Decline;
  /** Card data errors raised when the card is charged (expired, incorrect CVC). */
  threeDS: ThreeDS;
  /** Decline applied after a successful authentication (4000008260003178, 4000008400001629). */
  declineAfterAuth?: Decline;
  dispute?: DisputeKind;
  refund?: 'pending_then_succeeded' | 'succeeded_then_failed';
  /** Charge.outcome risk (Radar) for successful charges. */
  risk?: { level: 'normal' | 'elevated' | 'highest'; score: number };
  checks?: { cvc?: 'fail'; postal?: 'fail' | 'unavailable'; line1?: 'fail' | 'unavailable' };
  /** Card that can be attached to a Customer although charges fail (4000000000000341). */
  attachable?: boolean;
  earlyFraudWarning?: boolean;
}

const issuerDecline = (declineCode: string, message = 'Your card was declined.'): Decline => ({
  code: 'card_declined',
  declineCode,
  message,
  outcome: {
    networkStatus: 'declined_by_network',
    reason: declineCode,
    riskLevel: 'normal',
    sellerMessage:
      declineCode === 'generic_decline'
        ? 'The bank did not return any further details with this decline.'
        : `The bank returned the decline code \`${declineCode}\`.`,
    type: 'issuer_declined',
  },
});

const codeDecline = (code: string, message: string, param?: string): Decline => ({
  code,
  message,
  param,
  outcome: {
    networkStatus: 'declined_by_network',
    reason: code,
    riskLevel: 'normal',
    sellerMessage: `The bank returned the decline code \`${code}\`.`,
    type: 'issuer_declined',
  },
});

const radarBlock = (): Decline => ({
  code: 'card_declined',
  declineCode: 'fraudulent',
  message: 'Your card was declined.',
  fraudulent: true,
  outcome: {
    networkStatus: 'not_sent_to_network',
    reason: 'highest_risk_level',
    riskLevel: 'highest',
    rule: 'block_if_high_risk',
    sellerMessage: 'Stripe blocked this payment as too risky.',
    type: 'blocked',
  },
});

export const DECLINES = {
  generic: () => issuerDecline('generic_decline'),
  insufficientFunds: () => issuerDecline('insufficient_funds', 'Your card has insufficient funds.'),
  lost: () => issuerDecline('lost_card'),
  stolen: () => issuerDecline('stolen_card'),
  velocity: () =>
    issuerDecline(
      'card_velocity_exceeded',
      'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
    ),
  expired: () => codeDecline('expired_card', 'Your card has expired.', 'exp_month'),
  incorrectCvc: () => codeDecline('incorrect_cvc', "Your card's security code is incorrect.", 'cvc'),
  processing: () =>
    codeDecline('processing_error', 'An error occurred while processing your card. Try again in a little bit.'),
  radarBlock,
};

/** Brand, from the number's prefix (IIN ranges). */
export function brandOf(number: string): CardBrand {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^(30[0-5]|309|36|3[89])/.test(number)) return 'diners';
  if (/^35(2[89]|[3-8])/.test(number)) return 'jcb';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

function card(number: string, extra: Partial<TestCard> = {}): TestCard {
  return { number, brand: brandOf(number), funding: 'credit', country: 'US', threeDS: 'none', ...extra };
}

const CARDS: TestCard[] = [
  // Success by brand (§3.1)
  card('4242424242424242'),
  card('4000056655665556', { funding: 'debit' }),
  card('5555555555554444'),
  card('2223003122003222'),
  card('5200828282828210', { funding: 'debit' }),
  card('5105105105105100', { funding: 'prepaid' }),
  card('378282246310005'),
  card('371449635398431'),
  card('6011111111111117'),
  card('6011000990139424'),
  card('6011981111111113', { funding: 'debit' }),
  card('3056930009020004'),
  card('36227206271667'),
  card('3566002020360505', { country: 'JP' }),
  card('6200000000000005', { country: 'CN' }),
  card('4000000760000002', { country: 'BR' }),
  card('4000001240000000', { country: 'CA' }),
  card('4000008260000000', { country: 'GB' }),
  card('4000002500000003', { country: 'FR' }),
  card('4000002760000016', { country: 'DE' }),
  // Declines (§3.2)
  card('4000000000000002', { decline: DECLINES.generic() }),
  card('4000000000009995', { decline: DECLINES.insufficientFunds() }),
  card('4000000000009987', { decline: DECLINES.lost() }),
  card('4000000000009979', { decline: DECLINES.stolen() }),
  card('4000000000000069', { decline: DECLINES.expired() }),
  card('4000000000000127', { decline: DECLINES.incorrectCvc() }),
  card('4000000000000119', { decline: DECLINES.processing() }),
  card('4000000000006975', { decline: DECLINES.velocity() }),
  card('4100000000000019', { decline: DECLINES.radarBlock(), risk: { level: 'highest', score: 95 } }),
  card('4000000000000341', { decline: DECLINES.generic(), attachable: true }),
  // Radar and checks (§3.3): they succeed, with the risk/check values set.
  card('4000000000004954', { decline: DECLINES.radarBlock(), risk: { level: 'highest', score: 95 } }),
  card('4000000000009235', { risk: { level: 'elevated', score: 65 } }),
  card('4000000000000101', { checks: { cvc: 'fail' } }),
  card('4000000000000036', { checks: { postal: 'fail' } }),
  card('4000000000000028', { checks: { line1: 'fail' } }),
  card('4000000000000010', { checks: { postal: 'fail', line1: 'fail' } }),
  card('4000000000000044', { checks: { postal: 'unavailable', line1: 'unavailable' } }),
  card('4000008400000407', { risk: { level: 'elevated', score: 70 } }),
  card('4000008400001017'),
  card('4000008405600003'),
  // 3D Secure (§3.4)
  card('4000002500003155', { threeDS: 'required', country: 'FR' }),
  card('4000002760003184', { threeDS: 'always', country: 'DE' }),
  card('4000003800000446', { threeDS: 'on_session_only', country: 'US' }),
  card('4000008260003178', { threeDS: 'required', country: 'GB', declineAfterAuth: DECLINES.insufficientFunds() }),
  card('4000000000003220', { threeDS: 'required', country: 'IE' }),
  card('4000008400000027', { threeDS: 'required' }),
  card('4000008400001629', { threeDS: 'required', declineAfterAuth: DECLINES.generic() }),
  card('4000008400001280', { decline: DECLINES.generic() }),
  card('4000000000003055'),
  card('4000000000003097'),
  card('4000000032200000'),
  // Balance, disputes, refunds (§3.5)
  card('4000000000000077'),
  card('4000003720000278', { country: 'GB' }),
  card('4000000000000259', { dispute: 'fraudulent' }),
  card('4000000000002685', { dispute: 'product_not_received' }),
  card('4000000000001976', { dispute: 'inquiry' }),
  card('4000000000005423', { earlyFraudWarning: true }),
  card('4000000404000079', { dispute: 'multiple' }),
  card('4000000000007726', { refund: 'pending_then_succeeded' }),
  card('4000000000005126', { refund: 'succeeded_then_failed' }),
];

const BY_NUMBER = new Map(CARDS.map((c) => [c.number, c]));

/** The table entry for a number, or a plain successful card of the number's brand. */
export function testCard(number: string): TestCard {
  return BY_NUMBER.get(number) ?? card(number, { brand: brandOf(number) });
}

export const isKnownTestCard = (number: string): boolean => BY_NUMBER.has(number);

export const allTestCards = (): readonly TestCard[] => CARDS;
