/** The audit log's action ids in the owner's words; an id not listed here is shown as it is. */
export const ACTION_WORDS: Readonly<Record<string, string>> = {
  'staff.signed_in': 'Signed in',
  'staff.signed_out': 'Signed out (or switched user)',
  'staff.pin_refused': 'Typed a wrong PIN',
  'staff.pin_locked': 'Locked a name after five wrong PINs',
  'staff.added': 'Added a staff member',
  'staff.changed': 'Changed a staff member',
  'access.refused': 'Tried something their role does not allow',
  'order.created': 'Started an order',
  'order.items_changed': "Changed an order's items",
  'order.canceled': 'Canceled an order',
  'order.restored_from_stripe': 'Restored an order from Stripe',
  'payment.succeeded': 'Took a payment',
  'payment.declined': 'Had a card declined',
  'link.sent': 'Sent a payment link',
  'link.canceled': 'Took a payment link back',
  'link.paid': 'A payment link was paid',
  'link.expired': 'A payment link expired',
  'link.restored_from_stripe': 'Restored a payment link from Stripe',
  'receipt.sent': 'Had Stripe e-mail a receipt',
  'refund.requested': 'Asked Stripe for a refund',
  'refund.refused': 'Had a refund refused',
  'orders.exported': 'Exported orders (customer details)',
  'dispute.evidence_saved': 'Saved a dispute’s evidence (PDF)',
  'audit.exported': 'Exported the audit log',
  'database.backed_up': 'Backed up the order log',
  'catalog.product_added': 'Added a product',
  'catalog.product_changed': 'Changed a product',
  'catalog.product_archived': 'Archived a product',
  'catalog.product_restored': 'Brought back a product',
  'catalog.product_deleted': 'Deleted a product',
  'catalog.imported': 'Imported products',
  'settings.updated': 'Changed the settings',
  'shop.updated': "Changed the shop's details",
  'stripe_keys.saved': 'Saved Stripe keys',
  'stripe_keys.removed': 'Removed the Stripe keys',
  'owner.pin_set': 'Set the owner PIN',
  'owner.pin_changed': 'Changed the owner PIN',
  'setup.completed': 'Set up Till',
  'setup.carried_over': 'Set up a new account’s log from the last one',
  'events.retention_gap': 'Found a gap in Stripe’s events',
};

/** The families the filter offers: an action id's first part. */
export const ACTION_FAMILIES: readonly { value: string; label: string }[] = [
  { value: 'staff', label: 'Sign-ins, staff and PINs' },
  { value: 'access', label: 'Refused for a role' },
  { value: 'order', label: 'Orders' },
  { value: 'payment', label: 'Payments' },
  { value: 'link', label: 'Payment links' },
  { value: 'receipt', label: 'Receipts e-mailed' },
  { value: 'refund', label: 'Refunds' },
  { value: 'dispute', label: 'Disputes' },
  { value: 'orders', label: 'Order exports' },
  { value: 'database', label: 'Backups' },
  { value: 'catalog', label: 'Catalog' },
  { value: 'settings', label: 'Settings' },
  { value: 'shop', label: 'Shop details' },
  { value: 'stripe_keys', label: 'Stripe keys' },
  { value: 'owner', label: 'Owner PIN' },
  { value: 'audit', label: 'Audit exports' },
];

export const WINDOW_WORDS: Readonly<Record<string, string>> = {
  checkout: 'Checkout',
  history: 'Order history',
  catalog: 'Catalog',
  staff: 'Staff',
  audit: 'Audit log',
};

/** Stripe reports a dispute's status as it changes ("dispute.needs_response"): shown as "Dispute: needs response". */
export const actionWords = (action: string) =>
  ACTION_WORDS[action] ??
  (action.startsWith('dispute.') ? `Dispute: ${action.slice('dispute.'.length).replaceAll('_', ' ')}` : action);
