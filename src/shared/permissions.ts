/**
 * Who may do what at the till, in one table. Main enforces it on every call (core/staff/channel-access.ts maps each
 * channel to one of these); the renderer reads the same table only to hide what the signed-in person cannot use.
 */
export const ROLES = ['clerk', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'takePayments',
  'refund',
  'openHistory',
  'export',
  'backup',
  'settings',
  'keys',
  'catalog',
  'staff',
  'audit',
  'endOfDay',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * A clerk takes phone orders. A manager also runs the shop day to day: refunds, the history, exports, the catalog
 * and the end of day. Only the owner touches what protects the shop itself: settings, Stripe keys, backups (a
 * backup is every customer's details), staff and the audit log.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  clerk: ['takePayments'],
  manager: ['takePayments', 'refund', 'openHistory', 'export', 'catalog', 'endOfDay'],
  owner: PERMISSIONS,
};

export const can = (role: Role, permission: Permission): boolean => ROLE_PERMISSIONS[role].includes(permission);

export const ROLE_LABELS: Readonly<Record<Role, string>> = { clerk: 'Clerk', manager: 'Manager', owner: 'Owner' };
