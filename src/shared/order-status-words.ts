import type { OrderStatus } from './contract';

/** Order statuses in the words the owner and the clerk use: the history shows them, the export writes them. */
export const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
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
