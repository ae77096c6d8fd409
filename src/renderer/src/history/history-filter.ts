import type { ChannelInput, OrderStatus } from '#shared/contract';
import { parseAmount } from '../checkout/money-input';

/** The filter form as typed: every field is text until it is checked. */
export interface FilterDraft {
  search: string;
  status: OrderStatus | '';
  from: string;
  to: string;
  minTotal: string;
  maxTotal: string;
  /** Who took the order (a staff id), or '' for anyone. */
  staffId: string;
}

export type FilterField = keyof FilterDraft;
/** The filter as main takes it, for a page of the history and for an export alike. */
export type HistoryQuery = NonNullable<ChannelInput<'orders.exportCsv'>>;
export type FilterErrors = Partial<Record<FilterField, string>>;

export const EMPTY_FILTER: FilterDraft = {
  search: '',
  status: '',
  from: '',
  to: '',
  minTotal: '',
  maxTotal: '',
  staffId: '',
};

/**
 * Turns the form into the query main checks again. A field that cannot be read is left out of the query and
 * reported next to itself, so the rest of the filter keeps working while the owner fixes it.
 */
export function readFilter(draft: FilterDraft, currency: string): { filter: HistoryQuery; errors: FilterErrors } {
  const filter: HistoryQuery = {};
  const errors: FilterErrors = {};
  if (draft.search.trim()) filter.search = draft.search.trim();
  if (draft.status) filter.status = draft.status;
  if (draft.from) filter.from = draft.from;
  if (draft.to) filter.to = draft.to;
  if (draft.staffId) filter.staffId = draft.staffId;
  for (const field of ['minTotal', 'maxTotal'] as const) {
    if (!draft[field].trim()) continue;
    const cents = parseAmount(draft[field], currency);
    if (cents === null) errors[field] = 'Write an amount, like 25 or 25.50';
    else filter[field] = cents;
  }
  // Main refuses these too; caught here, the rest of the filter keeps working while the owner fixes one field.
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.to = 'The end date is before the start date';
    delete filter.to;
  }
  if (filter.minTotal !== undefined && filter.maxTotal !== undefined && filter.minTotal > filter.maxTotal) {
    errors.maxTotal = 'The largest amount is below the smallest';
    delete filter.maxTotal;
  }
  return { filter, errors };
}
