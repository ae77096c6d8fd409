import { useState } from 'react';
import type { AuditEntry } from '#shared/contract';
import { localDateTime } from '#shared/local-day';
import { AuditFilters, auditFilter, EMPTY_AUDIT_FILTER } from '../audit/AuditFilters';
import { AuditTable } from '../audit/AuditTable';
import { Shell } from '../components/Shell';
import { download } from '../history/download';
import { FileAction } from '../history/FileAction';
import { till } from '../staff/till';
import { useTillQuery } from '../use-till-query';

const PAGE = 100;
const entriesWord = (rows: number) => (rows === 1 ? '1 entry' : `${rows} entries`);

/**
 * The owner's audit log: every sensitive action, who did it, when and from which window, filtered and exported; and
 * a warning when the log's hash chain shows it was changed outside Till.
 */
export function AuditPage() {
  const [draft, setDraft] = useState(EMPTY_AUDIT_FILTER);
  const filter = auditFilter(draft);
  const filterKey = JSON.stringify(filter);
  const staff = useTillQuery(() => till.staff.list(), []);
  const staffNames = new Map(staff.status === 'ready' ? staff.value.map((member) => [member.id, member.name]) : []);
  const first = useTillQuery(() => till.audit.list({ filter, limit: PAGE }), [filterKey]);
  // Older pages, fetched with "Load older" for the filter they belong to.
  const [older, setOlder] = useState<{ filterKey: string; entries: AuditEntry[]; next: number | null }>({
    filterKey: '',
    entries: [],
    next: null,
  });
  const [loading, setLoading] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const extra = older.filterKey === filterKey ? older : null;
  const next = extra ? extra.next : first.status === 'ready' ? first.value.nextBefore : null;

  async function loadOlder() {
    if (next === null) return;
    setLoading(true);
    const page = await till.audit.list({ filter, limit: PAGE, before: next });
    setLoading(false);
    setOlderError(page.ok ? null : page.error.message);
    if (page.ok) {
      setOlder({ filterKey, entries: [...(extra?.entries ?? []), ...page.value.entries], next: page.value.nextBefore });
    }
  }

  return (
    <Shell
      title="Audit log"
      actions={
        <>
          <a className="button secondary" href="#/history">
            Order history
          </a>
          <FileAction
            label="Export CSV"
            busyLabel="Exporting…"
            run={() => till.audit.exportCsv({ filter })}
            describe={({ csv, path, rows, fileName }) => {
              if (csv !== null) {
                download(fileName, csv);
                return `Exported ${entriesWord(rows)} to ${fileName}`;
              }
              return path ? `Saved ${entriesWord(rows)} to ${path}` : null;
            }}
          />
        </>
      }
    >
      {first.status === 'ready' && first.value.chain.state === 'broken' && first.value.chain.brokenAt && (
        <p role="alert" className="notice error">
          The audit log was changed outside Till: entry {first.value.chain.brokenAt.id} (
          {localDateTime(first.value.chain.brokenAt.at)}) and everything after it cannot be trusted. Keep a copy of the
          order log as it is and look at the backups.
        </p>
      )}
      <AuditFilters value={draft} staff={staff.status === 'ready' ? staff.value : []} onChange={setDraft} />
      {first.status === 'loading' && <p className="muted">Loading the audit log…</p>}
      {first.status === 'error' && (
        <p role="alert" className="error-text">
          {first.error.message}
        </p>
      )}
      {first.status === 'ready' && (
        <>
          {first.value.entries.length === 0 ? (
            <p className="muted">Nothing matches this filter.</p>
          ) : (
            <AuditTable entries={[...first.value.entries, ...(extra?.entries ?? [])]} staffNames={staffNames} />
          )}
          {olderError && (
            <p role="alert" className="error-text">
              {olderError}
            </p>
          )}
          {next !== null && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void loadOlder()}>
              {loading ? 'Loading…' : 'Load older entries'}
            </button>
          )}
          <p className="muted small" data-testid="audit-chain">
            {first.value.chain.state === 'intact' &&
              `Checked: all ${first.value.chain.checkedRows.toLocaleString()} entries are as Till wrote them.`}
            {first.value.chain.state === 'checking' &&
              `Checking the log: ${first.value.chain.checkedRows.toLocaleString()} entries so far are as Till wrote them.`}
          </p>
        </>
      )}
    </Shell>
  );
}
