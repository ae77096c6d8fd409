import { OrderStatus } from '../../../shared/contract';
import { STATUS_LABEL } from './status-labels';
import type { FilterDraft, FilterErrors, FilterField } from './history-filter';

interface Props {
  value: FilterDraft;
  errors: FilterErrors;
  onChange(value: FilterDraft): void;
}

/** What the owner is looking for: one search box, a status, a range of days and a range of amounts. */
export function HistoryFilters({ value, errors, onChange }: Props) {
  const set = (field: FilterField, text: string) => onChange({ ...value, [field]: text });
  const described = (field: FilterField) => ({
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `filter-${field}-error` : undefined,
  });
  const error = (field: FilterField) =>
    errors[field] && (
      <span id={`filter-${field}-error`} role="alert" className="error-text field-error">
        {errors[field]}
      </span>
    );

  return (
    <form className="history-filters" role="search" aria-label="Find orders" onSubmit={(e) => e.preventDefault()}>
      <label className="field search-field">
        <span>Search</span>
        <input
          type="search"
          value={value.search}
          maxLength={100}
          placeholder="Order #, customer, email, phone, card last 4, pi_…"
          onChange={(e) => set('search', e.target.value)}
          {...described('search')}
        />
        {error('search')}
      </label>
      <label className="field">
        <span>Status</span>
        <select value={value.status} onChange={(e) => set('status', e.target.value)}>
          <option value="">Any status</option>
          {OrderStatus.options.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input type="date" value={value.from} onChange={(e) => set('from', e.target.value)} {...described('from')} />
        {error('from')}
      </label>
      <label className="field">
        <span>To</span>
        <input type="date" value={value.to} onChange={(e) => set('to', e.target.value)} {...described('to')} />
        {error('to')}
      </label>
      <label className="field amount-field">
        <span>Total at least</span>
        <input
          inputMode="decimal"
          value={value.minTotal}
          onChange={(e) => set('minTotal', e.target.value)}
          {...described('minTotal')}
        />
        {error('minTotal')}
      </label>
      <label className="field amount-field">
        <span>Total at most</span>
        <input
          inputMode="decimal"
          value={value.maxTotal}
          onChange={(e) => set('maxTotal', e.target.value)}
          {...described('maxTotal')}
        />
        {error('maxTotal')}
      </label>
    </form>
  );
}
