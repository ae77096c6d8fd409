/**
 * What each channel needs of the caller, in one table the compiler checks is complete: a new channel cannot be added
 * without deciding who may call it. `public` channels answer before anyone signs in (the set-up screen and the lock
 * screen need them); `signedIn` ones answer anyone signed in; the rest need the permission (#shared/permissions).
 */
import type { Channel } from '#shared/channels';
import type { Permission } from '#shared/permissions';

export type Access = 'public' | 'signedIn' | Permission;

export const CHANNEL_ACCESS: Readonly<Record<Channel, Access>> = {
  'app.info': 'public',
  'setup.status': 'public',
  'setup.complete': 'public',
  'staff.roster': 'public',
  'staff.signIn': 'public',
  'staff.signOut': 'public',
  'staff.current': 'public',
  'owner.pinStatus': 'public',
  // Takes a first PIN on a log that has none; once one is set, the handler asks for the signed-in owner.
  'owner.setPin': 'public',

  'events.status': 'signedIn',
  'settings.get': 'signedIn',
  'shop.get': 'signedIn',
  'keys.status': 'signedIn',

  'checkout.quote': 'takePayments',
  'checkout.config': 'takePayments',
  'checkout.pay': 'takePayments',
  'checkout.refresh': 'takePayments',
  'checkout.cancel': 'takePayments',
  'checkout.sendLink': 'takePayments',
  'checkout.closeLink': 'takePayments',
  'checkout.link': 'takePayments',
  'catalog.list': 'takePayments',
  'catalog.byBarcode': 'takePayments',
  'receipt.savePdf': 'takePayments',

  'window.openHistory': 'openHistory',
  'orders.list': 'openHistory',
  'orders.totals': 'openHistory',
  'orders.get': 'openHistory',
  'orders.refund': 'refund',
  // From the order's detail in the history: whoever may open it may have Stripe e-mail its receipt again.
  'orders.sendReceipt': 'openHistory',
  'orders.exportCsv': 'export',
  'orders.exportLines': 'export',
  'orders.cancelExport': 'export',
  // The evidence carries the customer's details and the card checks out of the app, as an export does.
  'orders.disputeEvidence': 'export',
  'catalog.exportCsv': 'export',
  'database.backup': 'backup',
  'backup.status': 'backup',
  'backup.chooseFolder': 'backup',
  'backup.update': 'backup',
  'backup.now': 'backup',
  'backup.restore': 'backup',
  'settings.update': 'settings',
  'shop.update': 'settings',
  'keys.save': 'keys',
  'keys.remove': 'keys',
  'catalog.add': 'catalog',
  'catalog.update': 'catalog',
  'catalog.archive': 'catalog',
  'catalog.delete': 'catalog',
  'catalog.importPreview': 'catalog',
  'catalog.import': 'catalog',
  'staff.list': 'staff',
  'staff.add': 'staff',
  'staff.update': 'staff',
  'audit.list': 'audit',
  'audit.exportCsv': 'audit',
  'endOfDay.get': 'endOfDay',
  'endOfDay.close': 'endOfDay',
  'endOfDay.exportCsv': 'endOfDay',
};
