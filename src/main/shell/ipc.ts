import { ipcMain } from 'electron';
import { CHANNELS, PUSH_IPC_CHANNEL } from '#shared/channels';
import { fail } from '#shared/result';
import type { Till } from '#core/create-till';
import { dispatch } from '#core/ipc/dispatch';
import { isTrustedSender } from '#core/ipc/sender';
import { APP_ORIGIN } from './app-origin';
import { broadcast } from './windows';

/** One handler per contract channel; each checks who is calling before core sees the input. */
export function registerIpc(till: Till): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, APP_ORIGIN)) {
        till.log.warn({ channel, sender: event.senderFrame?.url }, 'IPC call from an untrusted frame refused');
        return fail({ code: 'forbidden', message: 'This page may not call Till.' });
      }
      return dispatch(till.handlers, channel, input, till.log);
    });
  }
  till.push.subscribe((topic, payload) => broadcast(PUSH_IPC_CHANNEL, { topic, payload }));
}
