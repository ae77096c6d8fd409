import type { OrderStatus } from '#shared/contract';

/** Order statuses in the words the owner and the clerk use. */
export const STATUS_LABEL: Record<OrderStatus, string> = {
  open: 'Open',
  processing: 'Checking with Stripe',
  requires_action: 'Awaiting 3D Secure',
  failed: 'Declined',
  paid: 'Paid',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  disputed: 'Disputed',
  canceled: 'Canceled',
  needs_review: 'Needs review',
};
