/**
 * The settings (MOTO, the event source, the auto-lock minutes, whether to check for updates): anyone signed in may read them; changing them takes
 * the owner, who confirms with their PIN.
 */
import type { Settings } from '#shared/contract';
import type { AuditLog } from '../db/audit-log';
import type { EventSourceKind } from '../events/source-health';
import { defineHandlers } from '../ipc/handler-map';
import type { PinConfirmation } from '../staff/pin-confirmation';
import type { SettingsStore } from './settings-store';

export interface SettingsDeps {
  settings: SettingsStore;
  confirm: PinConfirmation;
  audit: AuditLog;
  /** A new event source takes over at once when one is running. */
  switchEventSource(kind: EventSourceKind): Promise<void>;
}

export const settingsHandlers = ({ settings, confirm, audit, switchEventSource }: SettingsDeps) => {
  const current = (): Settings => ({ ...settings.payments(), ...settings.security(), ...settings.updates() });
  return defineHandlers({
    'settings.get': () => current(),
    'settings.update': async ({ pin, autoLockMinutes, checkForUpdates, ...fields }, caller) => {
      await confirm.require(caller, pin);
      // A field sent as `undefined` (Electron's IPC keeps such keys) is a field not sent: it changes nothing.
      const update = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      const payments = { ...settings.payments(), ...update };
      settings.setPayments(payments);
      if (autoLockMinutes !== undefined) settings.setSecurity({ ...settings.security(), autoLockMinutes });
      if (checkForUpdates !== undefined) settings.setUpdates({ checkForUpdates });
      audit.record(caller, 'settings.updated', null, {
        ...update,
        ...(autoLockMinutes === undefined ? {} : { autoLockMinutes }),
        ...(checkForUpdates === undefined ? {} : { checkForUpdates }),
      });
      await switchEventSource(payments.eventSource);
      return current();
    },
  });
};
