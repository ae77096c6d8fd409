import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../src/main/shell/window-options';

const base = { preload: '/opt/Till/resources/app.asar/out/preload/index.cjs', title: 'Till — Checkout' };
const size = { width: 1280, height: 820 };

describe("Till's window options", () => {
  it('give a packaged build no DevTools', () => {
    expect(windowOptions({ ...base, size, packaged: true }).webPreferences?.devTools).toBe(false);
  });

  it('keep DevTools for development (npm run dev)', () => {
    expect(windowOptions({ ...base, size, packaged: false }).webPreferences?.devTools).toBe(true);
  });

  it.each([true, false])('keep the renderer sandboxed and isolated (packaged: %s)', (packaged) => {
    const prefs = windowOptions({ ...base, size, packaged }).webPreferences;
    expect(prefs).toMatchObject({
      preload: base.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    // No Blink feature is switched on, and no extra command-line switches reach the renderer.
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });
});
