import type { ChannelInput, StaffAccount } from '#shared/contract';
import { StaffSelect } from '../components/StaffSelect';
import { ACTION_FAMILIES, WINDOW_WORDS } from './audit-words';

export interface AuditFilterDraft {
  staffId: string;
  action: string;
  window: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterDraft = { staffId: '', action: '', window: '', from: '', to: '' };

/** Who, what kind of action, which window, which days: each narrows the audit log. */
export function AuditFilters({
  value,
  staff,
  onChange,
}: {
  value: AuditFilterDraft;
  staff: readonly StaffAccount[];
  onChange(next: AuditFilterDraft): void;
}) {
  const set = (field: keyof AuditFilterDraft) => (event: { target: { value: string } }) =>
    onChange({ ...value, [field]: event.target.value });
  return (
    <form className="history-filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
      <StaffSelect
        label="Who"
        anyone="Everyone"
        value={value.staffId}
        staff={staff}
        onChange={(staffId) => onChange({ ...value, staffId })}
      />
      <label className="field">
        <span>What</span>
        <select value={value.action} onChange={set('action')}>
          <option value="">Everything</option>
          {ACTION_FAMILIES.map((family) => (
            <option key={family.value} value={family.value}>
              {family.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Window</span>
        <select value={value.window} onChange={set('window')}>
          <option value="">Any window</option>
          {Object.entries(WINDOW_WORDS).map(([name, words]) => (
            <option key={name} value={name}>
              {words}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input type="date" value={value.from} onChange={set('from')} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="date" value={value.to} onChange={set('to')} />
      </label>
    </form>
  );
}

/** The filter as main takes it: empty fields left out; an end before the start is dropped (main would refuse it). */
export function auditFilter(draft: AuditFilterDraft) {
  const filter: NonNullable<NonNullable<ChannelInput<'audit.list'>>['filter']> = {};
  if (draft.staffId) filter.staffId = draft.staffId;
  if (draft.action) filter.action = draft.action;
  if (draft.window) filter.window = draft.window as NonNullable<typeof filter.window>;
  if (draft.from) filter.from = draft.from;
  if (draft.to && (!draft.from || draft.to >= draft.from)) filter.to = draft.to;
  return filter;
}
