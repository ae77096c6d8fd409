import type { TaxClass } from '#shared/contract';

/** The tax classes in the shop's words, as the clerk and the owner see them. */
export const TAX_CLASS_LABEL: Record<TaxClass, string> = {
  standard: 'GST + PST',
  gst_only: 'GST',
  zero_rated: 'No tax',
};
