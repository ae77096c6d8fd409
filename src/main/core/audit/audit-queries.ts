/** Reading the audit log for the owner's audit window: pages newest first, filtered, with who and which order. */
import type { AuditEntry, AuditListInput } from '#shared/contract';
import { localMidnight } from '#shared/local-day';
import type { Db } from '../db/open';

type AuditFilter = NonNullable<NonNullable<AuditListInput>['filter']>;

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  staff_name: string | null;
  action: string;
  window: string | null;
  order_id: string | null;
  order_number: number | null;
  details: string;
}

/** Actors that are not staff rows: Till and Stripe on their own, and the roles written before staff accounts. */
const NON_STAFF: Record<string, string> = {
  system: 'Till',
  stripe: 'Stripe',
  clerk: 'A clerk (before staff accounts)',
  nobody: 'Nobody signed in',
};

/** The WHERE clause from fixed fragments; what the owner typed only ever reaches SQL as a bound parameter. */
function auditWhere(filter: AuditFilter = {}) {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.staffId) {
    clauses.push('a.actor = :staffId');
    params.staffId = filter.staffId;
  }
  if (filter.action) {
    clauses.push("(a.action = :action OR substr(a.action, 1, length(:action) + 1) = :action || '.')");
    params.action = filter.action;
  }
  if (filter.window) {
    clauses.push('a.window = :window');
    params.window = filter.window;
  }
  if (filter.orderId) {
    clauses.push('a.order_id = :orderId');
    params.orderId = filter.orderId;
  }
  if (filter.from) {
    clauses.push('a.at >= :from');
    params.from = localMidnight(filter.from);
  }
  if (filter.to) {
    clauses.push('a.at < :before');
    params.before = localMidnight(filter.to, 1);
  }
  return { clauses, params };
}

const detailsOf = (json: string): AuditEntry['details'] => {
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return Object.entries(parsed).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    }));
  } catch {
    return [{ key: 'details', value: json }];
  }
};

export const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  who: row.staff_name ?? NON_STAFF[row.actor] ?? row.actor,
  staffId: row.staff_name ? row.actor : null,
  action: row.action,
  window: row.window,
  orderId: row.order_id,
  orderNumber: row.order_number,
  details: detailsOf(row.details),
});

export function createAuditQueries(db: Db) {
  const select = (where: string[], limit: string) =>
    `SELECT a.id, a.at, a.actor, s.name AS staff_name, a.action, a.window, a.order_id, o.number AS order_number,
            a.details
       FROM audit_log a
       LEFT JOIN staff s ON s.id = a.actor
       LEFT JOIN orders o ON o.id = a.order_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.id DESC ${limit}`;
  return {
    page(input: AuditListInput): { entries: AuditEntry[]; nextBefore: number | null } {
      const limit = input?.limit ?? 100;
      const { clauses, params } = auditWhere(input?.filter);
      if (input?.before) {
        clauses.push('a.id < :beforeId');
        params.beforeId = input.before;
      }
      const rows = db.prepare<typeof params, AuditRow>(select(clauses, 'LIMIT :limit')).all({
        ...params,
        limit: limit + 1,
      });
      const entries = rows.slice(0, limit).map(toEntry);
      return { entries, nextBefore: rows.length > limit ? entries.at(-1)!.id : null };
    },
    /** Every matching entry, newest first, read one at a time (an export of years of audit stays small in memory). */
    *all(filter?: AuditFilter): Generator<AuditEntry> {
      const { clauses, params } = auditWhere(filter);
      for (const row of db.prepare<typeof params, AuditRow>(select(clauses, '')).iterate(params)) yield toEntry(row);
    },
  };
}
export type AuditQueries = ReturnType<typeof createAuditQueries>;
