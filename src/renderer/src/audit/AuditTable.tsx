import type { AuditEntry } from '#shared/contract';
import { localDateTime } from '#shared/local-day';
import { actionWords, WINDOW_WORDS } from './audit-words';

/** The audit log's entries, newest first: when, who, what, from which window, which order, and the details. */
export function AuditTable({
  entries,
  staffNames,
}: {
  entries: readonly AuditEntry[];
  /** Staff ids to names, so "staffId: 0bcc…" reads as the person it names. */
  staffNames: ReadonlyMap<string, string>;
}) {
  return (
    <table className="orders-table audit-table" aria-label="Audit log">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Window</th>
          <th scope="col">Order</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>{localDateTime(entry.at)}</td>
            <td>{entry.who}</td>
            <td title={entry.action}>{actionWords(entry.action)}</td>
            <td>{entry.window ? (WINDOW_WORDS[entry.window] ?? entry.window) : '—'}</td>
            <td>{entry.orderNumber === null ? '—' : `#${entry.orderNumber}`}</td>
            <td className="small">
              {entry.details.map(({ key, value }) => (
                <div key={key}>
                  {key === 'staffId' ? `staff member: ${staffNames.get(value) ?? value}` : `${key}: ${value}`}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
