import { ROLE_LABELS } from '#shared/permissions';
import { useSignedIn } from './signed-in-context';

/**
 * Who the till thinks is at it, on every page, and the way to hand it over: "Switch user" signs out in main and
 * shows the lock screen, where the next person signs in (main's audit log records both).
 */
export function SignedInBadge() {
  const signedIn = useSignedIn();
  if (!signedIn) return null;
  const { staff, lock } = signedIn;
  return (
    <div className="signed-in">
      <span data-testid="signed-in">
        Signed in: {staff.name} ({ROLE_LABELS[staff.role]})
      </span>
      <button type="button" className="secondary" onClick={lock}>
        Switch user
      </button>
    </div>
  );
}
