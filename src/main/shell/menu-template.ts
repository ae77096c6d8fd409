import type { MenuItemConstructorOptions } from 'electron';

export interface MenuTemplateInput {
  /** `app.isPackaged`: a build a shop runs, as opposed to `npm run dev`. */
  packaged: boolean;
  isMac: boolean;
  openHistory: () => void;
}

/**
 * Till's application menu, free of Electron at run time so Vitest can walk it. The View menu is spelled out rather
 * than taken from the `viewMenu` role, which brings DevTools and reload with it: a packaged build gets neither (a
 * console that can call every channel; a reload in the middle of a payment), only zoom and full screen.
 */
export function menuTemplate({ packaged, isMac, openHistory }: MenuTemplateInput): MenuItemConstructorOptions[] {
  const developerItems: MenuItemConstructorOptions[] = packaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Orders',
      submenu: [{ label: 'Order History', accelerator: 'CmdOrCtrl+Shift+H', click: () => openHistory() }],
    },
    {
      label: 'View',
      submenu: [
        ...developerItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
