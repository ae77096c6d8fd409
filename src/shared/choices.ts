/**
 * The contract's fixed lists of values, as plain arrays: contract.ts builds its enums from them, and the owner's
 * menus (the history's status filter, a product's tax class) list them without importing zod and the whole contract
 * into the renderer (see shared/customer-input.ts for why the renderer's JavaScript stays without it).
 */
export const TAX_CLASSES = ['standard', 'gst_only', 'zero_rated'] as const;

export const ORDER_STATUSES = [
  'open',
  'processing',
  'requires_action',
  'failed',
  'paid',
  'partially_refunded',
  'refunded',
  'disputed',
  'canceled',
  'needs_review',
] as const;
