/** What every window asks first (which Till, which mode, which shop), and opening the history window. */
import type { Mode } from '#shared/contract';
import { defineHandlers } from '../ipc/handler-map';
import type { SettingsStore } from '../settings/settings-store';
import type { TillShell } from './till-shell';

export interface AppDeps {
  version: string;
  mode: Mode;
  dataDir: string;
  /** The order log file in use (one per Stripe account and mode). */
  orderLog: string;
  accountName: string | null;
  settings: SettingsStore;
  shell: TillShell;
}

export const appHandlers = ({ version, mode, dataDir, orderLog, accountName, settings, shell }: AppDeps) =>
  defineHandlers({
    'app.info': () => {
      const shop = settings.shop();
      return {
        version,
        mode,
        dataDir,
        currency: shop.currency,
        shopName: shop.name || 'Till',
        host: shell.kind,
        accountName,
        orderLog,
      };
    },
    'window.openHistory': () => shell.openHistory(),
  });
