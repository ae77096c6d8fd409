import { ipcMain } from 'electron';
import { CHANNELS, PUSH_IPC_CHANNEL } from '#shared/channels';
import { fail } from '#shared/result';
import type { Till } from '#core/create-till';
import { DESKTOP_SESSION, windowOfPage } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { isTrustedSender } from '#core/ipc/sender';
import { APP_ORIGIN } from './app-origin';
import { broadcast } from './windows';

/**
 * One handler per contract channel; each checks who is calling before core sees the input. `current` is the core
 * in use at the time of the call (a switch of Stripe keys replaces it; the host calls `forwardPushes` for the new one).
 */
export function registerIpc(current: () => Till): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      const till = current();
      if (!isTrustedSender(event.senderFrame?.url, APP_ORIGIN)) {
        till.log.warn({ channel, sender: event.senderFrame?.url }, 'IPC call from an untrusted frame refused');
        return fail({ code: 'forbidden', message: 'This page may not call Till.' });
      }
      // Every window of the desktop app is at the same counter: one sign-in for all of them (ipc/caller.ts).
      return dispatch(till.handlers, channel, input, till.log, {
        session: DESKTOP_SESSION,
        window: windowOfPage(event.senderFrame?.url),
      });
    });
  }
  forwardPushes(current());
}

/** Sends a core's pushes to every window. */
export function forwardPushes(till: Till): void {
  till.push.subscribe((topic, payload) => broadcast(PUSH_IPC_CHANNEL, { topic, payload }));
}
