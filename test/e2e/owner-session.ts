import type { CallerRequest } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import type { RunningPreview } from '../support/preview';

const sessions = new WeakMap<RunningPreview, Promise<CallerRequest>>();

/**
 * A session of its own, signed in as the owner, for a test that prepares orders through main directly (as another
 * Checkout window would) while its page signs in on the lock screen: main refuses a call from no session.
 */
export function ownerSession(preview: RunningPreview): Promise<CallerRequest> {
  let session = sessions.get(preview);
  if (!session) {
    const caller: CallerRequest = { session: 'e2e-owner', window: 'checkout' };
    session = dispatch(
      preview.till.handlers,
      'staff.signIn',
      { staffId: 'owner', pin: TEST_OWNER_PIN },
      undefined,
      caller,
    ).then((result) => {
      if (!result.ok) throw new Error(`The owner could not sign in: ${result.error.message}`);
      return caller;
    });
    sessions.set(preview, session);
  }
  return session;
}
