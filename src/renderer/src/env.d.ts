import type { TillApi } from '#shared/till-api';

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the preview bridge (browser); the renderer's only way out. */
    readonly till: TillApi;
  }
}
