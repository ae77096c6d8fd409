import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** `app.isPackaged`: a build a shop runs, as opposed to `npm run dev`. */
  packaged: boolean;
  /** Absolute path of the bundled preload. */
  preload: string;
  title: string;
  size: { width: number; height: number };
}

/**
 * Every Till window's options, kept free of Electron at run time so Vitest can check them. A packaged build has no
 * DevTools: at a shared counter they would hand anyone a console that can call every channel.
 */
export function windowOptions({ packaged, preload, title, size }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...size,
    minWidth: 900,
    minHeight: 600,
    title,
    show: false,
    autoHideMenuBar: false,
    webPreferences: {
      preload,
      devTools: !packaged,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click on a link would ask for a new window; Till has no use for it (Electronegativity AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  };
}
