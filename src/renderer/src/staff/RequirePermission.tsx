import type { ReactNode } from 'react';
import type { Permission } from '#shared/permissions';
import { Shell } from '../components/Shell';
import { useCan } from './signed-in-context';

/**
 * A page only some roles may use (the history, the catalog), opened by someone else, e.g. a clerk who typed its
 * address or found its window still open after a switch of user: one clear sentence instead of a page of errors
 * (main refuses its calls anyway). Switch user is in the header, for the manager who then comes over.
 */
export function RequirePermission({
  permission,
  title,
  children,
}: {
  permission: Permission;
  title: string;
  children: ReactNode;
}) {
  if (useCan(permission)) return children;
  return (
    <Shell title={title}>
      <div className="empty-state" role="status">
        <h2>Ask a manager or the owner</h2>
        <p>
          The {title.toLowerCase()} is for managers and the owner. Ask one of them to sign in here with Switch user.
        </p>
      </div>
    </Shell>
  );
}
