/**
 * Text as the history's search compares it: without accents and case ("Côté" → "cote"), as the trigram index does
 * it (migration 16, `remove_diacritics 1`). The index answers most searches; `till_fold` is for the few compared
 * order by order instead (orders/history-where.ts), so that both ways find the same orders.
 */
import type { Db } from './open';

/** Letters apart from their accents (NFD), the accents dropped, then lower case. */
export const foldForSearch = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();

/** `till_fold(text)` in this connection's SQL; NULL stays NULL. */
export function registerSearchFold(db: Db): void {
  db.function('till_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldForSearch(value) : value,
  );
}
