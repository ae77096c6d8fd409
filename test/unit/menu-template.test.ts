import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../src/main/shell/menu-template';

/** Every item of the template, submenus included. */
function allItems(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? allItems(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

const roles = (items: MenuItemConstructorOptions[]) => allItems(items).map((item) => item.role?.toLowerCase());
const DEVTOOLS_ACCELERATORS = /\b(F12|I)$/i;

describe("Till's application menu", () => {
  it.each([true, false])('in a packaged build has no way to DevTools or reload (macOS: %s)', (isMac) => {
    const template = menuTemplate({ packaged: true, isMac, openHistory: () => {} });
    const found = roles(template);
    expect(found).not.toContain('toggledevtools');
    expect(found).not.toContain('reload');
    expect(found).not.toContain('forcereload');
    // The viewMenu role would bring all three back with it.
    expect(found).not.toContain('viewmenu');
    for (const item of allItems(template)) {
      expect(String(item.accelerator ?? '')).not.toMatch(DEVTOOLS_ACCELERATORS);
      expect(item.label ?? '').not.toMatch(/developer|devtools|inspect/i);
    }
  });

  it('in a packaged build keeps zoom and full screen in View', () => {
    const view = menuTemplate({ packaged: true, isMac: false, openHistory: () => {} }).find((m) => m.label === 'View');
    expect(roles([view!]).filter(Boolean)).toEqual(['resetzoom', 'zoomin', 'zoomout', 'togglefullscreen']);
  });

  it('in development also offers reload and DevTools', () => {
    const found = roles(menuTemplate({ packaged: false, isMac: false, openHistory: () => {} }));
    expect(found).toEqual(expect.arrayContaining(['reload', 'forcereload', 'toggledevtools', 'zoomin']));
  });

  it('opens the order history from Orders → Order History (Ctrl+Shift+H)', () => {
    const openHistory = vi.fn();
    const template = menuTemplate({ packaged: true, isMac: false, openHistory });
    const item = allItems(template).find((entry) => entry.label === 'Order History');
    expect(item?.accelerator).toBe('CmdOrCtrl+Shift+H');
    (item?.click as () => void)();
    expect(openHistory).toHaveBeenCalledOnce();
  });

  it('has the app menu on macOS only', () => {
    expect(roles(menuTemplate({ packaged: true, isMac: true, openHistory: () => {} }))).toContain('appmenu');
    expect(roles(menuTemplate({ packaged: true, isMac: false, openHistory: () => {} }))).not.toContain('appmenu');
  });
});
