import type { OrderLink, OrderStatus } from '#shared/contract';
import { ORDER_STATUS_WORDS } from '#shared/order-status-words';

/** Order statuses in the words the owner and the clerk use (the export writes the same words). */
export const STATUS_LABEL: Record<OrderStatus, string> = ORDER_STATUS_WORDS;

/** What an unpaid order's payment link adds: the customer has the link, or it ran out. */
const LINK_LABEL = { waiting: 'Waiting for the customer', expired: 'Link expired' } as const;

/** An order's status in words, saying "waiting for the customer" while its payment link is out. */
export function statusText(status: OrderStatus, link: OrderLink['state'] | null | undefined): string {
  if ((status === 'open' || status === 'failed') && (link === 'waiting' || link === 'expired')) return LINK_LABEL[link];
  return STATUS_LABEL[status];
}
