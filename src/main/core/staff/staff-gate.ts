/**
 * Main's side of the lock screen and the permission table: every call is matched to the staff member signed in on
 * its session, and refused unless CHANNEL_ACCESS lets them make it. Hiding a button in the renderer is a courtesy;
 * this is the rule, so a clerk calling `window.till` from a console gets the same answer as the UI.
 */
import type { Channel } from '#shared/channels';
import { can, ROLE_LABELS } from '#shared/permissions';
import { forbidden, signedOut } from '../errors';
import type { AuditLog } from '../db/audit-log';
import type { Handlers } from '../ipc/dispatch';
import { gateEach } from '../ipc/handler-map';
import { CHANNEL_ACCESS } from './channel-access';
import type { Sessions } from './sessions';

const ACTION_WORDS: Partial<Record<Channel, string>> = {
  'orders.refund': 'give refunds',
  'orders.exportCsv': 'export the order history',
  'orders.exportLines': 'export the order history',
  'catalog.exportCsv': 'export the catalog',
  'database.backup': 'back up the order log',
  'settings.update': 'change the settings',
  'shop.update': "change the shop's details",
};

export function gateByStaff(handlers: Handlers, sessions: Sessions, audit: AuditLog): Handlers {
  return gateEach(handlers, (channel, handler) => {
    const access = CHANNEL_ACCESS[channel];
    return (input, caller) => {
      const staff = sessions.current(caller.session);
      if (access !== 'public') {
        if (!staff) throw signedOut();
        if (access !== 'signedIn' && !can(staff.role, access)) {
          // A refusal is worth the owner's eye: someone tried what their role does not allow.
          audit.record({ ...caller, staff }, 'access.refused', null, { channel });
          const what = ACTION_WORDS[channel] ?? 'do that';
          throw forbidden(`A ${ROLE_LABELS[staff.role].toLowerCase()} cannot ${what}. Ask the owner or a manager.`);
        }
      }
      return handler(input, { ...caller, staff });
    };
  });
}
