/** The payment settings (MOTO, the event source): anyone may read them, changing them takes the owner PIN. */
import type { AuditLog } from '../db/audit-log';
import type { EventSourceKind } from '../events/source-health';
import { defineHandlers } from '../ipc/handler-map';
import type { OwnerPin } from '../owner/owner-pin';
import type { SettingsStore } from './settings-store';

export interface SettingsDeps {
  settings: SettingsStore;
  ownerPin: OwnerPin;
  audit: AuditLog;
  /** A new event source takes over at once when one is running. */
  switchEventSource(kind: EventSourceKind): Promise<void>;
}

export const settingsHandlers = ({ settings, ownerPin, audit, switchEventSource }: SettingsDeps) =>
  defineHandlers({
    'settings.get': () => settings.payments(),
    'settings.update': async ({ pin, ...fields }) => {
      await ownerPin.require(pin);
      // A field sent as `undefined` (Electron's IPC keeps such keys) is a field not sent: it changes nothing.
      const update = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      const after = { ...settings.payments(), ...update };
      settings.setPayments(after);
      audit.record('owner', 'settings.updated', null, update);
      await switchEventSource(after.eventSource);
      return after;
    },
  });
