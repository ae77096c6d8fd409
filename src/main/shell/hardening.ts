import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '#core/security/external-links';
import { isInAppNavigation } from '#core/security/navigation';
import { isPermissionAllowed } from '#core/security/permissions';
import { APP_ORIGIN } from './app-origin';

const isAppUrl = (raw: string) => isInAppNavigation(raw, APP_ORIGIN);

function lockDown(contents: WebContents): void {
  // Pages stay on Till's origin; allow-listed links open in the OS browser, everything else is dropped.
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    // A mailto: link is followed as a navigation: it goes to the OS mail program, never into the window.
    if (url.startsWith('mailto:') && isAllowedExternalUrl(url)) void shell.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Electron's security checklist, applied once to the whole app before any window exists. `allowLoopback` is true in
 * training mode only, where the card form comes from the simulator on 127.0.0.1.
 */
export function hardenApp(options: { allowLoopback: () => boolean }): void {
  // Read at each request: switching Stripe keys moves Till in and out of training mode.
  const policy = {
    appOrigin: APP_ORIGIN,
    get allowLoopback() {
      return options.allowLoopback();
    },
  };
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, policy)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, policy),
  );
}
