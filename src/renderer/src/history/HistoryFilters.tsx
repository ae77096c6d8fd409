import { ORDER_STATUSES } from '#shared/choices';
import type { StaffMember } from '#shared/contract';
import { StaffSelect } from '../components/StaffSelect';
import { TextField } from '../components/TextField';
import { STATUS_LABEL } from './status-labels';
import type { FilterDraft, FilterErrors, FilterField } from './history-filter';

interface Props {
  value: FilterDraft;
  errors: FilterErrors;
  onChange(value: FilterDraft): void;
  /** Who can be picked as "Taken by": the staff who sign in at this till. */
  staff: readonly StaffMember[];
}

/** What the owner is looking for: one search box, a status, a range of days and a range of amounts. */
export function HistoryFilters({ value, errors, onChange, staff }: Props) {
  const field = (name: Exclude<FilterField, 'status' | 'staffId'>) => ({
    id: `filter-${name}`,
    value: value[name],
    error: errors[name],
    onChange: (text: string) => onChange({ ...value, [name]: text }),
  });

  return (
    <form className="history-filters" role="search" aria-label="Find orders" onSubmit={(e) => e.preventDefault()}>
      <TextField
        {...field('search')}
        label="Search"
        type="search"
        className="search-field"
        maxLength={100}
        placeholder="Order #, customer, email, phone, card last 4, pi_…"
      />
      <label className="field">
        <span>Status</span>
        <select
          value={value.status}
          onChange={(e) => onChange({ ...value, status: e.target.value as FilterDraft['status'] })}
        >
          <option value="">Any status</option>
          {ORDER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </label>
      <StaffSelect
        label="Taken by"
        anyone="Anyone"
        value={value.staffId}
        staff={staff}
        onChange={(staffId) => onChange({ ...value, staffId })}
      />
      <TextField {...field('from')} label="From" type="date" />
      <TextField {...field('to')} label="To" type="date" />
      <TextField {...field('minTotal')} label="Total at least" inputMode="decimal" className="amount-field" />
      <TextField {...field('maxTotal')} label="Total at most" inputMode="decimal" className="amount-field" />
    </form>
  );
}
