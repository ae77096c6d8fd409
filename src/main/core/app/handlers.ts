/** What every window asks first (which Till, which mode, which shop), and opening the history window. */
import type { Mode } from '#shared/contract';
import { defineHandlers } from '../ipc/handler-map';
import type { SettingsStore } from '../settings/settings-store';
import type { TillShell } from './till-shell';

export interface AppDeps {
  version: string;
  mode: Mode;
  dataDir: string;
  settings: SettingsStore;
  shell: TillShell;
}

export const appHandlers = ({ version, mode, dataDir, settings, shell }: AppDeps) =>
  defineHandlers({
    'app.info': () => {
      const shop = settings.shop();
      return { version, mode, dataDir, currency: shop.currency, shopName: shop.name || 'Till', host: shell.kind };
    },
    'window.openHistory': () => shell.openHistory(),
  });
