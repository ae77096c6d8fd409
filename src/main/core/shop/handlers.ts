/**
 * The shop's details after set-up: its name, address, phone and tax numbers, as receipts print them. Anyone may read
 * them; changing them takes the owner, who confirms with their PIN. The currency stays as set up: the catalog's prices and every order are
 * in it.
 *
 * Receipts are not stored: each is rebuilt from the order log with the shop as it is when it is shown or saved
 * (create-till.ts's receiptShop). So a receipt printed after a change, a past order's included, carries the new
 * details; the audit log keeps which fields changed and when.
 */
import type { ShopDetails } from '#shared/contract';
import type { AuditLog } from '../db/audit-log';
import { defineHandlers } from '../ipc/handler-map';
import type { PinConfirmation } from '../staff/pin-confirmation';
import type { SettingsStore } from '../settings/settings-store';

export interface ShopDeps {
  settings: SettingsStore;
  confirm: PinConfirmation;
  audit: AuditLog;
}

export const shopHandlers = ({ settings, confirm, audit }: ShopDeps) => {
  const details = (): ShopDetails => {
    const { name, address, city, phone, taxNumbers, currency } = settings.shop();
    // Logs from before set-up kept a city where the address now goes.
    return { name, address: address || city || '', phone, taxNumbers, currency };
  };
  return defineHandlers({
    'shop.get': () => details(),
    'shop.update': async ({ pin, ...change }, caller) => {
      await confirm.require(caller, pin);
      const before = details();
      settings.setShop({ ...settings.shop(), ...change });
      const changed = (Object.keys(change) as (keyof typeof change)[]).filter(
        (field) => JSON.stringify(before[field]) !== JSON.stringify(change[field]),
      );
      audit.record(caller, 'shop.updated', null, { fields: changed });
      return details();
    },
  });
};
