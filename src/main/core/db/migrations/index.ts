import type { Migration } from '../migrate';
import { initialSchema } from './0001-initial';
import { leanIndexes } from './0002-lean-indexes';
import { cardSearchIndex } from './0003-card-search-index';
import { phoneDigits } from './0004-phone-digits';
import { refundNotes } from './0005-refund-notes';
import { setupState } from './0006-setup-state';
import { productBarcodes } from './0007-product-barcodes';
import { staffAccounts } from './0008-staff-accounts';
import { scrubEventSecrets } from './0009-scrub-event-secrets';
import { paymentLinks } from './0010-payment-links';
import { historyAtScale } from './0011-history-at-scale';
import { dayCloses } from './0012-day-closes';
import { ordersWrittenInOrder } from './0013-orders-written-in-order';
import { leanerOrderTriggers } from './0014-leaner-order-triggers';
import { walRestarts } from './0015-wal-restarts';
import { accentFreeSearch } from './0016-accent-free-search';

/** In order; a migration, once released, is never edited — add the next one instead. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  leanIndexes,
  cardSearchIndex,
  phoneDigits,
  refundNotes,
  setupState,
  productBarcodes,
  staffAccounts,
  scrubEventSecrets,
  paymentLinks,
  historyAtScale,
  dayCloses,
  ordersWrittenInOrder,
  leanerOrderTriggers,
  walRestarts,
  accentFreeSearch,
];
