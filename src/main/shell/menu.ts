import { Menu, type MenuItemConstructorOptions } from 'electron';

export function installMenu(actions: { openHistory(): void }): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Orders',
      submenu: [{ label: 'Order History', accelerator: 'CmdOrCtrl+Shift+H', click: () => actions.openHistory() }],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
