/**
 * Until set-up is done, main answers only what set-up itself needs: hiding the other pages in the renderer is not
 * enough, since anything at the PC that can reach the bridge could otherwise sell, or set the owner PIN, first.
 */
import type { Channel } from '#shared/channels';
import { TillFailure } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import { gateEach } from '../ipc/handler-map';

/** What the set-up screen calls: which Till and mode (app.info), and set-up's own channels. */
export const OPEN_BEFORE_SETUP: readonly Channel[] = ['app.info', 'setup.status', 'setup.complete'];

export const setupRequired = () =>
  new TillFailure({
    code: 'setup_required',
    message: 'Till is not set up yet. Finish the set-up screen (the shop, its taxes and the owner PIN) first.',
  });

export function gateUntilSetUp(handlers: Handlers, isDone: () => boolean): Handlers {
  return gateEach(handlers, (channel, handler) =>
    OPEN_BEFORE_SETUP.includes(channel)
      ? handler
      : (input, caller) => {
          if (!isDone()) throw setupRequired();
          return handler(input, caller);
        },
  );
}
