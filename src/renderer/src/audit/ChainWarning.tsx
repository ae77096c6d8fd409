import { localDateTime } from '#shared/local-day';
import { till } from '../staff/till';
import { useTillQuery } from '../use-till-query';

/**
 * For the owner, on the history: the audit log's hash chain (checked from start-up on) shows it was changed outside
 * Till. Shown where the owner looks every day, not only in the audit window.
 */
export function ChainWarning() {
  const page = useTillQuery(() => till.audit.list({ limit: 1 }), []);
  if (page.status !== 'ready' || page.value.chain.state !== 'broken' || !page.value.chain.brokenAt) return null;
  const { id, at } = page.value.chain.brokenAt;
  return (
    <p role="alert" className="notice error">
      The audit log was changed outside Till from entry {id} ({localDateTime(at)}) on.{' '}
      <a href="#/audit">Open the audit log</a>
    </p>
  );
}
