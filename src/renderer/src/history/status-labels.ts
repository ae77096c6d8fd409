import type { OrderLink, OrderStatus } from '#shared/contract';

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

/** What an unpaid order's payment link adds: the customer has the link, or it ran out. */
const LINK_LABEL = { waiting: 'Waiting for the customer', expired: 'Link expired' } as const;

/** An order's status in words, saying "waiting for the customer" while its payment link is out. */
export function statusText(status: OrderStatus, link: OrderLink['state'] | null | undefined): string {
  if ((status === 'open' || status === 'failed') && (link === 'waiting' || link === 'expired')) return LINK_LABEL[link];
  return STATUS_LABEL[status];
}
