import { app, Menu } from 'electron';
import { menuTemplate } from './menu-template';

export function installMenu(actions: { openHistory(): void }): void {
  const template = menuTemplate({
    packaged: app.isPackaged,
    isMac: process.platform === 'darwin',
    openHistory: actions.openHistory,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
