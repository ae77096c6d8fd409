import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryCursor, OrderSummary } from '#shared/contract';
import { useTillQuery, type QueryState } from '../use-till-query';
import { till } from '../staff/till';
import type { HistoryQuery } from './history-filter';

const PAGE = 100;
/** Main sends at most this many rows at once: a re-read after a change asks again for what was shown, up to this. */
const MOST_ROWS = 500;

interface LaterPages {
  /** The first page these follow: a new filter or a re-read starts again from it. */
  after: string;
  orders: OrderSummary[];
  nextCursor: HistoryCursor | null;
}

export interface HistoryPages {
  first: QueryState<unknown>;
  orders: OrderSummary[];
  /** More orders match than are loaded: `loadMore` asks for the next page, after the last one shown. */
  hasMore: boolean;
  loadMore(): void;
}

/**
 * The history's rows, a keyset page at a time: the first page of the filter, then each next page after the last
 * order loaded, as the owner scrolls. When orders change the first page is read again, as long as what was shown
 * (up to 500 rows), and later pages are asked for again from there: new orders only ever appear at the top.
 */
export function useHistoryPages(filter: HistoryQuery, filterKey: string, version: number): HistoryPages {
  const shown = useRef({ filterKey, count: 0 });
  const first = useTillQuery(() => {
    const count = shown.current.filterKey === filterKey ? shown.current.count : 0;
    return till.orders.list({ ...filter, limit: Math.min(Math.max(count, PAGE), MOST_ROWS) });
  }, [filterKey, version]);
  const firstKey = `${filterKey} ${version} ${first.status}`;

  const [later, setLater] = useState<LaterPages | null>(null);
  const loading = useRef<string | null>(null);
  const current = later?.after === firstKey ? later : null;
  const orders = first.status === 'ready' ? [...first.value.orders, ...(current?.orders ?? [])] : [];
  const nextCursor = current ? current.nextCursor : first.status === 'ready' ? first.value.nextCursor : null;
  useEffect(() => {
    shown.current = { filterKey, count: orders.length };
  }, [filterKey, orders.length]);

  const loadMore = useCallback(() => {
    const asking = `${firstKey} ${orders.length}`;
    if (!nextCursor || loading.current === asking) return;
    loading.current = asking;
    void till.orders.list({ ...filter, limit: PAGE, cursor: nextCursor }).then((result) => {
      if (!result.ok) return;
      setLater((before) => {
        const kept = before?.after === firstKey ? before.orders : [];
        if (kept.length + (first.status === 'ready' ? first.value.orders.length : 0) !== orders.length) return before;
        return { after: firstKey, orders: [...kept, ...result.value.orders], nextCursor: result.value.nextCursor };
      });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the cursor, the filter and what is loaded say it all
  }, [firstKey, nextCursor, orders.length]);

  return { first, orders, hasMore: nextCursor !== null, loadMore };
}
