/** First run: whether set-up is done, and doing it (setup-service.ts). */
import { defineHandlers } from '../ipc/handler-map';
import { OWNER_ID } from '../owner/owner-pin';
import type { Sessions } from '../staff/sessions';
import type { SetupService } from './setup-service';

export const setupHandlers = (setup: SetupService, sessions: Sessions) =>
  defineHandlers({
    'setup.status': () => setup.status(),
    'setup.complete': async (input, caller) => {
      const done = await setup.complete(input, caller);
      // The owner just typed their PIN twice: Till opens signed in as them rather than asking a third time.
      sessions.signIn(caller.session, { id: OWNER_ID, name: input.owner.name, role: 'owner' });
      return done;
    },
  });
