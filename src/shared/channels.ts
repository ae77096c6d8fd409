/**
 * The names of every renderer→main call and main→renderer push, and nothing else.
 *
 * Kept apart from the zod schemas in contract.ts so that the preload script (which runs sandboxed and must be
 * one small file) and the browser-preview bridge can build `window.till` without bundling zod.
 */
export const CHANNELS = [
  'app.info',
  'catalog.list',
  'catalog.byBarcode',
  'catalog.add',
  'catalog.update',
  'catalog.archive',
  'catalog.delete',
  'catalog.importPreview',
  'catalog.import',
  'catalog.exportCsv',
  'orders.list',
  'orders.totals',
  'orders.get',
  'orders.exportCsv',
  'orders.exportLines',
  'orders.cancelExport',
  'orders.refund',
  'orders.sendReceipt',
  'orders.disputeEvidence',
  'database.backup',
  'backup.status',
  'backup.chooseFolder',
  'backup.update',
  'backup.now',
  'backup.restore',
  'window.openHistory',
  'checkout.quote',
  'checkout.config',
  'checkout.pay',
  'checkout.refresh',
  'checkout.cancel',
  'checkout.sendLink',
  'checkout.closeLink',
  'checkout.link',
  'receipt.savePdf',
  'events.status',
  'settings.get',
  'settings.update',
  'owner.pinStatus',
  'owner.setPin',
  'keys.status',
  'keys.save',
  'keys.remove',
  'setup.status',
  'setup.complete',
  'shop.get',
  'shop.update',
  'staff.roster',
  'staff.signIn',
  'staff.signOut',
  'staff.current',
  'staff.list',
  'staff.add',
  'staff.update',
  'audit.list',
  'audit.exportCsv',
  'endOfDay.get',
  'endOfDay.close',
  'endOfDay.exportCsv',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Messages main pushes to every open window. */
export const PUSH_TOPICS = ['orders.changed', 'events.health', 'orders.exportProgress'] as const;
export type PushTopic = (typeof PUSH_TOPICS)[number];

/** The single Electron IPC channel that carries every push message. */
export const PUSH_IPC_CHANNEL = 'till:push';
