/** Stripe's card brand codes (PaymentMethod `card.brand`) as printed on a receipt or read by a person. */
const BRAND_NAMES: Record<string, string> = {
  amex: 'American Express',
  cartes_bancaires: 'Cartes Bancaires',
  diners: 'Diners Club',
  discover: 'Discover',
  eftpos_au: 'eftpos',
  interac: 'Interac',
  jcb: 'JCB',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
};

export function cardBrandName(brand: string): string {
  if (brand === 'payment_link') return 'Payment link (card typed on Stripe’s page)';
  return BRAND_NAMES[brand] ?? (brand === 'unknown' ? 'Card' : brand);
}
